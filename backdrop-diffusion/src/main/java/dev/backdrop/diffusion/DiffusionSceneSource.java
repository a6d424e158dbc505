package dev.backdrop.diffusion;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.pipeline.BackgroundProgress;
import dev.backdrop.pipeline.SceneSource;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.scene.SceneLayout;
import java.util.function.Function;

/**
 * Lets the pipeline use diffusion backgrounds: the picture comes from the model, the prompt's
 * reading from the scene reader (shown to users), and the light layout is the neutral one, since
 * nothing is known about where the model put its horizon. Each finished denoising step is reported
 * as the share of the background made, so a job's progress rises step by step within a sample.
 */
public final class DiffusionSceneSource implements SceneSource {

    private final DiffusionGenerator generator;
    private final Function<BackgroundRequest, DiffusionRun> runs;
    private final SceneGenerator reader = new SceneGenerator();

    /** Every request runs with the generator's default scheduler and ControlNet weight. */
    public DiffusionSceneSource(DiffusionGenerator generator) {
        this(generator, request -> DiffusionRun.of(generator.options()));
    }

    /** {@code runs} picks the scheduler, ControlNet weight and step listener per request. */
    public DiffusionSceneSource(DiffusionGenerator generator, Function<BackgroundRequest, DiffusionRun> runs) {
        this.generator = generator;
        this.runs = runs;
    }

    @Override
    public Scene build(BackgroundRequest request) {
        return build(request, BackgroundProgress.NONE);
    }

    @Override
    public Scene build(BackgroundRequest request, BackgroundProgress progress) {
        DiffusionRun run = runs.apply(request);
        StepListener steps = run.listener().andThen((done, total) -> progress.made((double) done / total));
        var background = generator.generate(request, 1, run.withListener(steps)).get(0);
        return new Scene(reader.describe(request),
                SceneLayout.neutral(request.width(), request.height(), request.subject().box()), background);
    }
}
