package dev.backdrop.testing;

import dev.backdrop.model.ModelCache;
import dev.backdrop.model.ModelId;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.model.FetchProgress;
import dev.backdrop.segment.SegmentationModels;
import dev.backdrop.segment.OnnxSegmenter;
import java.nio.file.Path;

/**
 * The real ISNet model for tests, fetched into the user's model cache on first use (as
 * {@code backdrop models fetch} would), and one segmenter shared by every test in the JVM.
 */
public final class TestModels {

    private static final FetchProgress LOG = (stage, done, total) -> {
        if (total <= 0 || done == total) {
            System.err.println("[test set-up] " + stage);
        }
    };
    private static SegmentationModels models;

    private TestModels() {
    }

    public static Path path(ModelId model) {
        return ModelCache.fromEnvironment().require(model, new NpmModelFetcher(), LOG);
    }

    /** ISNet fp16 as users get it by default (run as its float32 rewrite). */
    public static synchronized OnnxSegmenter isnetFp16() {
        if (models == null) {
            models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(), 2);
        }
        return models.segmenter(ModelId.ISNET_FP16.cliName(), LOG);
    }
}
