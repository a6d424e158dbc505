package dev.backdrop.testing;

import dev.backdrop.model.ModelCache;
import dev.backdrop.model.ModelId;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.segment.ModelProfile;
import dev.backdrop.segment.OnnxSegmenter;
import java.nio.file.Path;

/**
 * The real ISNet model for tests, fetched into the user's model cache on first use (as
 * {@code backdrop models fetch} would), and one segmenter shared by every test in the JVM.
 */
public final class TestModels {

    private static OnnxSegmenter fp16;

    private TestModels() {
    }

    public static Path path(ModelId model) {
        return ModelCache.fromEnvironment().require(model, new NpmModelFetcher(),
                (stage, done, total) -> {
                    if (total <= 0 || done == total) {
                        System.err.println("[test set-up] " + stage);
                    }
                });
    }

    public static synchronized OnnxSegmenter isnetFp16() {
        if (fp16 == null) {
            fp16 = new OnnxSegmenter(ModelProfile.isnet(ModelId.ISNET_FP16.cliName(), path(ModelId.ISNET_FP16)), 2);
        }
        return fp16;
    }
}
