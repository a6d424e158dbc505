package dev.backdrop.diffusion.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.diffusion.BackgroundSources;
import dev.backdrop.diffusion.DiffusionGenerator;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.diffusion.TinyFolders;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.FetchProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SD 1.5 inpainting folder converted with a LoRA in the LCM-LoRA's layout fused in and the LCM
 * scheduler named: the UNet's weights change, the model runs, and the generator samples it with
 * the LCM scheduler whatever scheduler name it is given; the LoRA and its scale are part of the
 * conversion's fingerprint.
 */
class LcmLoraConversionTest {

    @TempDir
    static Path shared;
    private static ConversionSources sources;
    private static Path converted;

    @BeforeAll
    static void convertOnce() {
        sources = TinyDiffusersFolders.sd15WithLcmLora(shared.resolve("published"));
        converted = PipelineConverter.convert(sources, shared.resolve("converted"), FetchProgress.SILENT);
    }

    @Test
    void theLoraChangesTheUnetAndIsRecorded() throws IOException {
        Path plain = PipelineConverter.convert(ConversionSources.pipelineOnly(sources.pipeline()), shared.resolve("plain"),
                FetchProgress.SILENT);
        assertThat(Files.size(converted.resolve("unet/model.onnx_data"))).isEqualTo(Files.size(plain.resolve("unet/model.onnx_data")));
        assertThat(Files.mismatch(converted.resolve("unet/model.onnx_data"), plain.resolve("unet/model.onnx_data"))).isNotNegative();
        assertThat(Files.mismatch(converted.resolve("vae_decoder/model.onnx_data"), plain.resolve("vae_decoder/model.onnx_data")))
                .as("only the UNet takes the LoRA").isNegative();
        JsonNode record = new ObjectMapper().readTree(converted.resolve(PipelineConverter.RECORD).toFile());
        assertThat(record.path("lora").path("scale").asDouble()).isEqualTo(1.0);
        assertThat(record.path("lora").path("file").asText()).endsWith("pytorch_lora_weights.safetensors");
    }

    @Test
    void theConvertedModelNamesTheLcmSchedulerAndIsSampledWithIt() throws IOException {
        JsonNode scheduler = new ObjectMapper().readTree(converted.resolve("scheduler/scheduler_config.json").toFile());
        assertThat(scheduler.path("_class_name").asText()).isEqualTo("LCMScheduler");
        assertThat(scheduler.path("beta_schedule").asText()).isEqualTo("scaled_linear");
        try (DiffusionGenerator generator = DiffusionGenerator.open(converted,
                DiffusionOptions.DEFAULT.withScheduler(SchedulerName.EULER_A))) {
            Subject subject = TinyFolders.subject(64, 64);
            RgbImage image = generator.generate(request(subject, 4, 1.0));
            assertThat(image.width()).isEqualTo(64);
            // A consistency model runs its own few steps without guidance, whatever the request asks.
            assertThat(generator.consistencyModel()).isTrue();
            assertThat(generator.generate(request(subject, 60, 7.5)).pixels()).containsExactly(image.pixels());
        }
        try (BackgroundSources sources = BackgroundSources.diffusion(converted, DiffusionOptions.DEFAULT)) {
            assertThat(sources.ignored()).contains("scheduler", "num_inference_steps", "guidance_scale");
            assertThat(sources.describe()).contains("latent consistency, 4 steps");
        }
    }

    @Test
    void anotherLoraScaleIsAnotherConversion() {
        assertThat(PipelineConverter.upToDate(sources, converted)).isTrue();
        ConversionSources half = sources.withLora(new ConversionSources.LoraFile(sources.lora().orElseThrow().weights(), 0.5));
        assertThat(PipelineConverter.upToDate(half, converted)).isFalse();
        assertThat(PipelineConverter.upToDate(sources.withLcmScheduler(false), converted)).isFalse();
    }

    private static BackgroundRequest request(Subject subject, int steps, double guidance) {
        return new BackgroundRequest(subject, subject.width(), subject.height(), "a marble table", "", null,
                new BackgroundParameters(1.0, 0.0, guidance, steps, null, 0.5), 7);
    }
}
