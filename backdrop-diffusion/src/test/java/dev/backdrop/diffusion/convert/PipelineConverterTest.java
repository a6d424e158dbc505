package dev.backdrop.diffusion.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.diffusion.DiffusionGenerator;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.diffusion.TinyFolders;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import dev.backdrop.diffusion.model.DiffusionModelFolder;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.background.Subject;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.FetchProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A diffusers-layout SDXL ControlNet-inpaint folder with an IP-Adapter, converted and run: the
 * converted folder loads with every part live, makes pictures, and is converted only once.
 */
class PipelineConverterTest {

    @TempDir
    static Path shared;
    private static ConversionSources sources;
    private static Path converted;

    @TempDir
    Path dir;

    @BeforeAll
    static void convertOnce() {
        sources = TinyDiffusersFolders.sdxl(shared.resolve("published"));
        converted = PipelineConverter.convert(sources, shared.resolve("converted"), FetchProgress.SILENT);
    }

    @Test
    void theConvertedFolderLoadsWithControlNetAndDecoupledIpAdapter() {
        assertThat(converted.resolve("unet/model.onnx_data")).exists();
        try (DiffusionModelFolder folder = DiffusionModelFolder.open(converted)) {
            assertThat(folder.sdxl()).isTrue();
            assertThat(folder.controlNet()).isInstanceOf(dev.backdrop.diffusion.model.ControlNetWiring.Split.class);
            assertThat(folder.imagePrompt()).isInstanceOf(dev.backdrop.diffusion.model.ImagePromptWiring.Decoupled.class);
            assertThat(folder.describeParts()).isEqualTo("ControlNet: live; IP-Adapter: live");
            assertThat(folder.forceZerosForEmptyPrompt()).isTrue();
        }
    }

    @Test
    void convertedModelMakesPicturesAndTheReferenceImageWeightCounts() {
        try (DiffusionGenerator generator = DiffusionGenerator.open(converted,
                DiffusionOptions.DEFAULT.withScheduler(SchedulerName.EULER_A))) {
            Subject subject = TinyFolders.subject(64, 64);
            RgbImage reference = stripes(40, 40);
            RgbImage withImage = generator.generate(request(subject, reference, 0.6));
            RgbImage weightZero = generator.generate(request(subject, reference, 0.0));
            RgbImage noImage = generator.generate(request(subject, null, 0.6));
            assertThat(withImage.width()).isEqualTo(64);
            assertThat(Arrays.equals(withImage.pixels(), weightZero.pixels())).as("ip weight changes the picture").isFalse();
            // Weight 0 switches the adapter off exactly: the same pixels as no reference image.
            assertThat(weightZero.pixels()).containsExactly(noImage.pixels());
        }
    }

    @Test
    void asecondConversionOfUnchangedSourcesDoesNothing() throws IOException {
        FileTime before = Files.getLastModifiedTime(converted.resolve("unet/model.onnx"));
        List<String> stages = new ArrayList<>();
        PipelineConverter.convert(sources, converted, (stage, done, total) -> stages.add(stage));
        assertThat(stages).isEmpty();
        assertThat(Files.getLastModifiedTime(converted.resolve("unet/model.onnx"))).isEqualTo(before);
    }

    @Test
    void anInterruptedConversionLeavesNothingHalfWrittenAndTheNextRunCompletes() throws IOException {
        ConversionSources mine = TinyDiffusersFolders.sdxl(dir.resolve("published"));
        Path out = dir.resolve("model");
        Path vae = mine.pipeline().resolve("vae/diffusion_pytorch_model.safetensors");
        byte[] whole = Files.readAllBytes(vae);
        Files.write(vae, Arrays.copyOf(whole, whole.length / 2)); // a download cut short
        assertThatThrownBy(() -> PipelineConverter.convert(mine, out, FetchProgress.SILENT))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("diffusion_pytorch_model.safetensors is truncated");
        assertThat(out).doesNotExist();
        assertThat(partials(dir)).isEmpty();

        Files.createDirectories(dir.resolve(".model.partial-123/unet")); // a run killed mid-way
        Files.write(vae, whole);
        PipelineConverter.convert(mine, out, FetchProgress.SILENT);
        assertThat(PipelineConverter.upToDate(mine, out)).isTrue();
        assertThat(partials(dir)).isEmpty();
        try (DiffusionModelFolder folder = DiffusionModelFolder.open(out)) {
            assertThat(folder.sdxl()).isTrue();
        }
    }

    @Test
    void aUnetOfAnotherFamilyThanTheFolderClaimsIsRefused() throws IOException {
        ConversionSources mine = TinyDiffusersFolders.sdxl(dir.resolve("published"));
        ReferenceCase sd15 = ReferenceCase.of("unet-sd15");
        Files.copy(sd15.dir.resolve("config.json"), mine.pipeline().resolve("unet/config.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        sd15.close();
        assertThatThrownBy(() -> PipelineConverter.convert(mine, dir.resolve("model"), FetchProgress.SILENT))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("describes StableDiffusionXLControlNetInpaintPipeline (SDXL, with text_encoder_2)")
                .hasMessageContaining("unet/config.json is an SD 1.x/2.x UNet");
    }

    private static List<Path> partials(Path parent) throws IOException {
        try (Stream<Path> files = Files.list(parent)) {
            return files.filter(p -> p.getFileName().toString().contains(".partial-")).toList();
        }
    }

    private static BackgroundRequest request(Subject subject, RgbImage reference, double ipWeight) {
        return new BackgroundRequest(subject, subject.width(), subject.height(), "a marble table", "", reference,
                new BackgroundParameters(1.0, ipWeight, 5.0, 3, null, 0.5), 11);
    }

    private static RgbImage stripes(int w, int h) {
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i / w) % 8 < 4 ? 0xC02020 : 0x20C0F0;
        }
        return new RgbImage(w, h, px);
    }
}
