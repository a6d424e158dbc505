package dev.backdrop.diffusion.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.diffusion.convert.ConversionSources;
import dev.backdrop.diffusion.convert.TinyDiffusersFolders;
import dev.backdrop.diffusion.model.InvalidDiffusionModelException;
import dev.backdrop.model.FetchProgress;
import dev.backdrop.model.ModelCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffusionModelResolverTest {

    @TempDir
    Path dir;

    @Test
    void aDiffusersFolderIsConvertedIntoTheCacheOnceAndAnOnnxFolderIsUsedAsItIs() throws IOException {
        ModelCache cache = new ModelCache(dir.resolve("cache"));
        ConversionSources sources = TinyDiffusersFolders.sdxl(dir.resolve("published"));
        Path converted = DiffusionModelResolver.resolve(sources.pipeline().toString(), cache, FetchProgress.SILENT);
        assertThat(converted).startsWith(cache.directory().resolve("converted"));
        assertThat(converted.resolve("unet/model.onnx")).exists();
        assertThat(converted.resolve("controlnet")).doesNotExist();
        long written = Files.getLastModifiedTime(converted.resolve("unet/model.onnx")).toMillis();
        assertThat(DiffusionModelResolver.resolve(sources.pipeline().toString(), cache, FetchProgress.SILENT))
                .isEqualTo(converted);
        assertThat(Files.getLastModifiedTime(converted.resolve("unet/model.onnx")).toMillis()).isEqualTo(written);
        assertThat(DiffusionModelResolver.resolve(converted.toString(), cache, FetchProgress.SILENT)).isEqualTo(converted);
    }

    @Test
    void presetsAndUnknownNamesAreExplained() throws IOException {
        ModelCache cache = new ModelCache(dir);
        assertThatThrownBy(() -> DiffusionModelResolver.resolve("sd15-inpaint", cache, FetchProgress.SILENT))
                .isInstanceOf(InvalidDiffusionModelException.class)
                .hasMessageContaining("run: backdrop models fetch sd15-inpaint");
        assertThatThrownBy(() -> DiffusionModelResolver.resolve("sd99", cache, FetchProgress.SILENT))
                .hasMessageContaining("is not a folder nor a preset");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> DiffusionModelResolver.resolve(dir.resolve("empty").toString(), cache, FetchProgress.SILENT))
                .hasMessageContaining("neither an ONNX model folder");
    }
}
