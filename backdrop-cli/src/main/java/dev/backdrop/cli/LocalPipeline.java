package dev.backdrop.cli;

import dev.backdrop.model.ModelCache;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.diffusion.BackgroundSources;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.segment.SegmentationModels;
import dev.backdrop.segment.Segmenter;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The replacement pipeline on this machine, wired as the server wires it: the segmentation model
 * from the model cache and the background sources (procedural scenes and reference-driven scenes,
 * or Stable Diffusion with a model folder). Closing it frees the models.
 */
final class LocalPipeline implements AutoCloseable {

    private final BackgroundSources backgrounds;
    private final SegmentationModels models;
    private final Pipeline pipeline;

    LocalPipeline(String model, int threads) {
        this(model, null, DiffusionOptions.DEFAULT.withExecution(ExecutionSettings.cpu(threads)), UnaryOperator.identity());
    }

    /**
     * @param diffusionModel a Stable Diffusion model folder, or null for the procedural scenes
     * @param diffusion      how that model runs (device, batch cap); the segmentation model runs on the same device
     * @param segmenting     wraps the loaded segmenter, e.g. to remember masks
     */
    LocalPipeline(String model, Path diffusionModel, DiffusionOptions diffusion,
                  UnaryOperator<Segmenter> segmenting) {
        this.backgrounds = BackgroundSources.choose(diffusionModel, diffusion);
        this.models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(), diffusion.execution());
        try {
            CutoutMaker cutouts = new CutoutMaker(
                    segmenting.apply(models.segmenter(model, new ConsoleProgress(System.err))));
            this.pipeline = backgrounds.pipeline(cutouts);
        } catch (RuntimeException e) {
            models.close();
            backgrounds.close();
            throw e;
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        models.close();
        backgrounds.close();
    }
}
