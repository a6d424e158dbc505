package dev.backdrop.cli;

import dev.backdrop.model.ModelCache;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.reference.ReferenceGenerator;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.segment.SegmentationModels;

/**
 * The replacement pipeline on this machine, wired as the server wires it: the segmentation model
 * from the model cache, procedural scenes, and reference-driven scenes. Closing it frees the model.
 */
final class LocalPipeline implements AutoCloseable {

    private final SegmentationModels models;
    private final Pipeline pipeline;

    LocalPipeline(String model, int threads) {
        this.models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(), threads);
        try {
            CutoutMaker cutouts = new CutoutMaker(models.segmenter(model, new ConsoleProgress(System.err)));
            SceneGenerator scenes = new SceneGenerator();
            this.pipeline = new Pipeline(cutouts, scenes::build, new ReferenceGenerator(scenes)::build);
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        models.close();
    }
}
