package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.diffusion.model.DiffusionModelFolder;
import dev.backdrop.diffusion.model.TensorSignature;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.tiny.TinyModels;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark folder: SD 1.5's inpainting signatures and working size, a UNet of real width; run small here. */
class BenchModelTest {

    @Test
    void benchFolderHasTheInpaintingSignaturesAtSd15sSize() throws IOException {
        Path dir = TinyFolders.of(TinyVariant.SD15_INPAINT_BENCH);
        try (DiffusionModelFolder folder = DiffusionModelFolder.open(dir)) {
            assertThat(folder.inpaintingUnet()).isTrue();
            assertThat(folder.sampleSize()).isEqualTo(64);
            TensorSignature sample = folder.unet().requireInput("sample");
            assertThat(sample.type()).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(sample.rank()).isEqualTo(4);
            assertThat(sample.dim(1)).isEqualTo(9);
            assertThat(sample.fixed(0) || sample.fixed(2) || sample.fixed(3)).as("batch and size are dynamic").isFalse();
            assertThat(folder.unet().requireInput("timestep").type()).isEqualTo(OnnxJavaType.INT64);
            assertThat(folder.unet().requireInput("encoder_hidden_states").dim(2)).isEqualTo(TinyModels.TEXT_HIDDEN);
            assertThat(folder.unet().requireOutput("out_sample").dim(1)).isEqualTo(4);
        }
        // Four 3x3 convolutions of SD 1.5's first level, weights beside the graph as large exports keep them.
        long weights = Files.size(dir.resolve("unet/model.onnx_data"));
        assertThat(weights).isBetween(7_000_000L, 8_000_000L);
        assertThat(TinyModels.benchUnetMultiplyAdds(TinyVariant.SD15_INPAINT_BENCH.spec(), 64 * 64))
                .isEqualTo(7_703_101_440L);
        try (DiffusionGenerator generator = DiffusionGenerator.open(dir, DiffusionOptions.DEFAULT)) {
            assertThat(generator.workingSize(1000, 1000)).containsExactly(512, 512);
        }
    }

    @Test
    void benchUnetRunsThePipelineAndIsTimed() {
        DiffusionOptions small = DiffusionOptions.DEFAULT.withScheduler(SchedulerName.EULER).withResolution(64);
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(TinyVariant.SD15_INPAINT_BENCH),
                small)) {
            BackgroundRequest request = TinyFolders.request(3, 2);
            RgbImage image = generator.generate(request);
            DiffusionGeneratorTest.assertProductUnchanged(request, image);
            assertThat(java.util.Arrays.equals(generator.generate(request).pixels(), image.pixels())).isTrue();
        }
        DiffusionBenchmark.Report report = DiffusionBenchmark.tiny(TinyVariant.SD15_INPAINT_BENCH, small, 3, 1);
        assertThat(report.latentWidth()).isEqualTo(8);
        assertThat(report.stepsPerImage()).isEqualTo(3);
        assertThat(report.unetMillis()).isPositive();
        assertThat(report.overheadShare()).isBetween(0.0, 1.0);
        assertThat(report.toText()).contains("tiny-sd15-inpaint-bench").contains("% of a step");
    }

    @Test
    void benchUnetIsSd15Only() {
        assertThatThrownBy(() -> TinyVariant.SDXL.spec().withUnetWidth(320)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TinyVariant.SD15_INPAINT.spec().withUnetWidth(100))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
