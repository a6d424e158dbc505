package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.diffusion.convert.ConversionSources;
import dev.backdrop.diffusion.convert.TinyDiffusersFolders;
import dev.backdrop.image.DecodedImage;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From a published-layout folder to a picture: 'models convert', then 'replace --diffusion-model';
 * and 'models convert --lora --lcm-scheduler' for the LCM-LoRA.
 */
class ModelsConvertTest {

    @TempDir
    Path dir;

    @Test
    void convertsOnceWithControlNetAndIpAdapterThenReplaceRunsOnIt() throws IOException {
        ConversionSources sources = TinyDiffusersFolders.sdxl(dir.resolve("published"));
        Path out = dir.resolve("onnx");
        String[] convert = {"models", "convert", sources.pipeline().toString(), "-o", out.toString(),
                "--controlnet", sources.controlNet().orElseThrow().toString(),
                "--ip-adapter", sources.ipAdapter().orElseThrow().weights().toString(),
                "--image-encoder", sources.ipAdapter().orElseThrow().imageEncoder().toString()};
        CommandRun first = CommandRun.of(convert);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("converted").contains("--diffusion-model " + out);
        assertThat(first.err()).contains("converting unet");
        assertThat(out.resolve("controlnet/model.onnx")).exists();
        assertThat(out.resolve("image_projection/model.onnx")).exists();

        CommandRun again = CommandRun.of(convert);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("already converted");

        Path photo = dir.resolve("coffee.png");
        Files.write(photo, TestPhotos.bytes("coffee.png"));
        Path mood = dir.resolve("mood.png");
        Files.write(mood, TestPhotos.bytes("coffee.png"));
        CommandRun replace = CommandRun.of("replace", photo.toString(), "--prompt", "dark wood", "--diffusion-model",
                out.toString(), "--steps", "2", "--seed", "3", "--ref-image", mood.toString(), "-o",
                dir.resolve("out").toString());
        assertThat(replace.exit()).as(replace.err()).isZero();
        DecodedImage result = new ImageDecoder().decode(dir.resolve("out/coffee-0.jpg"));
        assertThat(result.width()).isEqualTo(600);
    }

    @Test
    void fusesAnLcmLoraAndNamesTheLcmScheduler() throws IOException {
        ConversionSources sources = TinyDiffusersFolders.sd15WithLcmLora(dir.resolve("published"));
        Path out = dir.resolve("onnx");
        Path lora = sources.lora().orElseThrow().weights();
        CommandRun convert = CommandRun.of("models", "convert", sources.pipeline().toString(), "-o", out.toString(),
                "--lora", lora.toString(), "--lora-scale", "0.8", "--lcm-scheduler");
        assertThat(convert.exit()).as(convert.err()).isZero();
        assertThat(Files.readString(out.resolve("scheduler/scheduler_config.json"))).contains("\"LCMScheduler\"");
        assertThat(Files.readString(out.resolve("conversion.json"))).contains("\"scale\" : 0.8");

        // A LoRA for layers this UNet does not have (the SDXL IP-Adapter is no LoRA at all) is refused by name.
        Path notALora = dir.resolve("ip-adapter.safetensors");
        Files.write(notALora, TinyDiffusersFolders.class.getResourceAsStream("/reference/unet-sdxl/ip-adapter.safetensors")
                .readAllBytes());
        CommandRun refused = CommandRun.of("models", "convert", sources.pipeline().toString(), "-o",
                dir.resolve("refused").toString(), "--lora", notALora.toString());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("outside the LoRA layout").contains("image_proj.");
        assertThat(dir.resolve("refused")).doesNotExist();

        CommandRun scaleAlone = CommandRun.of("models", "convert", sources.pipeline().toString(), "--lora-scale", "0.5");
        assertThat(scaleAlone.exit()).isNotZero();
        assertThat(scaleAlone.err()).contains("--lora-scale needs --lora FILE");
    }

    @Test
    void float16GraphsOnRequestAndAClearErrorForAnUnknownPrecision() throws IOException {
        ConversionSources sources = TinyDiffusersFolders.sd15WithLcmLora(dir.resolve("published"));
        Path out = dir.resolve("onnx-half");
        CommandRun convert = CommandRun.of("models", "convert", sources.pipeline().toString(), "-o", out.toString(),
                "--precision", "float16");
        assertThat(convert.exit()).as(convert.err()).isZero();
        assertThat(Files.readString(out.resolve("conversion.json"))).contains("\"precision\" : \"float16\"");

        CommandRun wrong = CommandRun.of("models", "convert", sources.pipeline().toString(), "--precision", "half");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("'half' is not a precision: use float32 or float16");
    }

    @Test
    void benchConvertTimesAConversionAndSaysHowMuchMemoryItTook() {
        ConversionSources sources = TinyDiffusersFolders.sdxl(dir.resolve("published"));
        CommandRun bench = CommandRun.of("bench", "convert", sources.pipeline().toString(), "--work",
                dir.resolve("work").toString());
        assertThat(bench.exit()).as(bench.err()).isZero();
        assertThat(bench.out()).containsPattern("converted .* in [0-9.]+ s; peak RSS of this process [0-9]+ MiB");
        assertThat(dir.resolve("work/onnx/unet/model.onnx")).exists();
        CommandRun neither = CommandRun.of("bench", "convert");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("give a diffusers DIR or --random SHAPE");
    }

    @Test
    void aPresetThatIsNotInstalledSaysHowToFetchIt() {
        CommandRun replace = CommandRun.of("replace", "x.jpg", "--prompt", "linen", "--diffusion-model", "sd15-inpaint",
                "-o", dir.toString());
        assertThat(replace.exit()).isNotZero();
        assertThat(replace.err()).contains("the preset sd15-inpaint is not installed")
                .contains("backdrop models fetch sd15-inpaint");
    }
}
