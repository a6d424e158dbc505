package dev.backdrop.diffusion;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.reference.ReferenceGenerator;
import dev.backdrop.scene.BackgroundSource;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.segment.CutoutMaker;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background sources a pipeline uses, chosen at start-up: the procedural scenes (CPU, no
 * weights) by default, or Stable Diffusion inpainting when a model folder is given. Also says
 * which bg-replace parameters the choice does not use, so responses can name them.
 *
 * @param prompt    builds backgrounds from the prompt
 * @param reference builds backgrounds when the request has a reference image
 * @param ignored   bg-replace parameters without effect on this generator
 */
public record BackgroundSources(BackgroundSource prompt, BackgroundSource reference, List<String> ignored,
                                AutoCloseable resources) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundSources.class);

    /** Parameters only a denoising loop uses. */
    public static final List<String> DIFFUSION_ONLY = List.of("scheduler", "num_inference_steps", "guidance_scale",
            "cn_weight");

    public static BackgroundSources procedural() {
        SceneGenerator scenes = new SceneGenerator();
        return new BackgroundSources(scenes, new ReferenceGenerator(scenes), DIFFUSION_ONLY, () -> { });
    }

    /**
     * Opens and checks the model folder now, so a bad folder stops start-up with its reason. A
     * folder without a ControlNet or an IP-Adapter still takes every request (the seed's clients
     * always send {@code cn_weight} and {@code ref_image}); the fields it cannot use are named as
     * ignored.
     */
    public static BackgroundSources diffusion(Path folder, DiffusionOptions options) {
        DiffusionGenerator generator = DiffusionGenerator.open(folder, options);
        DiffusionBackgroundSource source = new DiffusionBackgroundSource(generator, BackgroundSources::run);
        List<String> ignored = new java.util.ArrayList<>();
        if (generator.consistencyModel()) {
            ignored.addAll(List.of("scheduler", "num_inference_steps", "guidance_scale"));
        }
        if (!generator.model().controlNet().present()) {
            ignored.add("cn_weight");
        }
        if (!generator.model().imagePrompt().present()) {
            ignored.addAll(List.of("ref_image", "ip_adapter_weight"));
        }
        return new BackgroundSources(source, source, List.copyOf(ignored), generator);
    }

    /** Diffusion when {@code folder} is given, else the procedural scenes; logs the choice. */
    public static BackgroundSources choose(Path folder, DiffusionOptions options) {
        if (folder == null) {
            LOG.info("backgrounds: procedural scene generator (no --diffusion-model given)");
            return procedural();
        }
        BackgroundSources sources = diffusion(folder, options);
        LOG.info("backgrounds: Stable Diffusion inpainting from {} on {}; {}", folder, options.execution().describe(),
                sources.describe());
        return sources;
    }

    /** The generator and its live parts, in words (for the start-up log and readiness). */
    public String describe() {
        return resources instanceof DiffusionGenerator g ? "Stable Diffusion inpainting" + (g.consistencyModel()
                ? " (latent consistency, " + DiffusionGenerator.LCM_STEPS + " steps)" : "") + "; " + g.model().describeParts()
                : "procedural scenes";
    }

    public Pipeline pipeline(CutoutMaker cutouts) {
        return new Pipeline(cutouts, prompt, reference);
    }

    private static DiffusionRun run(BackgroundRequest request) {
        return new DiffusionRun(SchedulerName.parse(request.parameters().scheduler()),
                request.parameters().controlNetWeight(), StepListener.NONE);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("could not release the background generator: {}", e.getMessage());
        }
    }
}
