package dev.backdrop.cli;

import dev.backdrop.model.ModelCache;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.reference.ReferenceGenerator;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.segment.SegmentationModels;
import dev.backdrop.segment.Segmenter;
import java.util.function.UnaryOperator;

/**
 * The replacement pipeline on this machine, wired as the server wires it: the segmentation model
 * from the model cache, procedural scenes, and reference-driven scenes. Closing it frees the model.
 */
final class LocalPipeline implements AutoCloseable {

    private final SegmentationModels models;
    private final Pipeline pipeline;
    private final Pipeline marketplace;

    LocalPipeline(String model, int threads) {
        this(model, threads, UnaryOperator.identity());
    }

    /** @param segmenting wraps the loaded segmenter, e.g. to remember masks */
    LocalPipeline(String model, int threads, UnaryOperator<Segmenter> segmenting) {
        this.models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(), threads);
        try {
            CutoutMaker cutouts = new CutoutMaker(
                    segmenting.apply(models.segmenter(model, new ConsoleProgress(System.err))));
            SceneGenerator scenes = new SceneGenerator();
            this.pipeline = new Pipeline(cutouts, scenes::build, new ReferenceGenerator(scenes)::build);
            MarketplaceScene white = new MarketplaceScene(scenes);
            this.marketplace = new Pipeline(cutouts, white, white);
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /** The same pipeline with pure white backgrounds whatever the prompt or reference. */
    Pipeline marketplace() {
        return marketplace;
    }

    @Override
    public void close() {
        models.close();
    }
}
