package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.backdrop.image.DecodedImage;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.OnnxRuntimeGpu;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cutout} command end to end: real files in, real files out, the real model. */
class CutoutCommandTest {

    @TempDir
    static Path dir;

    private static Path inputs;

    @BeforeAll
    static void photosAndModel() throws IOException {
        TestModels.path(dev.backdrop.model.ModelId.ISNET_FP16);
        inputs = Files.createDirectories(dir.resolve("in"));
        Files.write(inputs.resolve("coffee.png"), TestPhotos.bytes("coffee.png"));
        Files.writeString(inputs.resolve("notes.png"), "this is text, not a picture");
    }

    @Test
    void cutsOutEveryImageOfAFolderAndReportsTheBrokenOne() throws IOException {
        Path out = dir.resolve("out");
        CommandRun run = run("cutout", inputs.toString(), "-o", out.toString(), "--threads", "2");
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("notes.png").contains("1 of 2 images failed");
        DecodedImage cut = new ImageDecoder().decode(out.resolve("coffee.png"));
        assertThat(cut.sourceFormat()).isEqualTo(ImageFormat.PNG);
        assertThat(cut.width()).isEqualTo(600);
        int[] px = cut.pixels().pixels();
        assertThat(px[0] >>> 24).as("table corner is transparent").isLessThan(20);
        assertThat(px[150 * 600 + 290] >>> 24).as("cup is opaque").isEqualTo(255);
        assertThat(out.resolve("notes.png")).doesNotExist();
    }

    @Test
    void writesCroppedWebpAndMasks() throws IOException {
        Path out = dir.resolve("webp");
        CommandRun run = run("cutout", inputs.resolve("coffee.png").toString(), "-o", out.toString(),
                "--format", "webp", "--crop", "--threads", "2");
        assertThat(run.exit()).as(run.err()).isZero();
        DecodedImage cut = new ImageDecoder().decode(out.resolve("coffee.webp"));
        assertThat(cut.sourceFormat()).isEqualTo(ImageFormat.WEBP);
        assertThat(cut.hasAlpha()).isTrue();
        assertThat(cut.width()).isLessThan(600).isGreaterThan(350);

        Path masks = dir.resolve("masks");
        assertThat(run("cutout", inputs.resolve("coffee.png").toString(), "-o", masks.toString(), "--mask").exit())
                .isZero();
        DecodedImage mask = new ImageDecoder().decode(masks.resolve("coffee.mask.png"));
        assertThat(mask.pixels().pixels()[150 * 600 + 290] & 0xFF).isEqualTo(255);
        assertThat(mask.pixels().pixels()[0] & 0xFF).isLessThan(20);
    }

    @Test
    void aResultNeverOverwritesAPhotoAndPhotosOfOneNameKeepTheirOwnResults() throws IOException {
        Path same = Files.createDirectories(dir.resolve("same"));
        byte[] photo = TestPhotos.bytes("coffee.png");
        Files.write(same.resolve("coffee.png"), photo);
        CommandRun overwrite = run("cutout", same.resolve("coffee.png").toString(), "-o", same.toString());
        assertThat(overwrite.exit()).as(overwrite.err()).isEqualTo(2);
        assertThat(overwrite.err()).contains("would overwrite it").contains("another folder");
        assertThat(Files.readAllBytes(same.resolve("coffee.png"))).as("the photo is untouched").isEqualTo(photo);

        // coffee.jpg, coffee.png and sub/coffee.png all have the base name coffee (the first in order keeps it);
        // the results go in a sub-folder of the photos'.
        Path batch = Files.createDirectories(dir.resolve("batch"));
        Files.write(batch.resolve("coffee.png"), photo);
        Files.write(batch.resolve("coffee.jpg"), new dev.backdrop.image.ImageEncoder().encode(
                new ImageDecoder().decode(photo).pixels().rgb(), dev.backdrop.image.Encoding.defaultFor(ImageFormat.JPEG)));
        Files.write(Files.createDirectories(batch.resolve("sub")).resolve("coffee.png"), photo);
        Path out = batch.resolve("out");
        for (int round = 0; round < 2; round++) {
            CommandRun run = run("cutout", batch.toString(), "-o", out.toString(), "--mask");
            assertThat(run.exit()).as(run.err()).isZero();
            try (var written = Files.walk(out)) {
                assertThat(written.filter(Files::isRegularFile).map(f -> out.relativize(f).toString()).sorted())
                        .as("round %d: the results of the first round are not read as photos", round)
                        .containsExactly("coffee.mask.png", "coffee.png.mask.png", "sub/coffee.mask.png");
            }
        }
    }

    @Test
    void anOutputThatIsAFileIsAUsageErrorBeforeAnyModelLoads() throws IOException {
        Path file = Files.writeString(dir.resolve("results.txt"), "not a folder");
        CommandRun run = run("cutout", inputs.resolve("coffee.png").toString(), "-o", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is a file, not a folder").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownModelAndFormatAreUserErrors() {
        CommandRun model = run("cutout", inputs.toString(), "-o", dir.resolve("x").toString(), "--model", "nope");
        assertThat(model.exit()).as(model.toString()).isEqualTo(1);
        assertThat(model.err()).contains("unknown model 'nope'").contains("isnet-fp16");
        Path missing = dir.resolve("missing.onnx");
        CommandRun file = run("cutout", inputs.toString(), "-o", dir.resolve("x").toString(), "--model", missing.toString());
        assertThat(file.exit()).as(file.toString()).isEqualTo(1);
        assertThat(file.err()).contains("no model file at " + missing);
        CommandRun format = run("cutout", inputs.toString(), "-o", dir.resolve("x").toString(), "--format", "jpeg");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--format jpeg cannot keep").contains("use png or webp");
    }

    @Test
    void aFolderWithoutImagesIsAUsageErrorOfCutoutAndReplace() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "not an image");
        for (String[] command : new String[][] {{"cutout", empty.toString(), "-o", dir.resolve("c").toString()},
                {"replace", empty.toString(), "-o", dir.resolve("r").toString(), "--prompt", "white marble"}}) {
            CommandRun run = run(command);
            assertThat(run.exit()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("no image files in [" + empty + "]").contains("Usage: " + command[0] + " ");
        }
        assertThat(dir.resolve("c")).doesNotExist();
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void aGpuWithoutOnnxRuntimesCudaBuildSaysHowToGetIt() {
        assumeFalse(OnnxRuntimeGpu.in(ModelCache.fromEnvironment()).installed(),
                "this machine has the CUDA build of ONNX Runtime");
        for (String[] command : new String[][] {{"cutout", inputs.toString(), "-o", dir.resolve("gpu").toString()},
                {"bench", "cutout", inputs.resolve("coffee.png").toString(), "--peer", "none", "--batch", "0"}}) {
            CommandRun gpu = run(concat(command, "--cuda-device", "0"));
            assertThat(gpu.exit()).as(gpu.toString()).isEqualTo(1);
            assertThat(gpu.err()).contains("backdrop models fetch onnxruntime-gpu").doesNotContain("Exception");
            CommandRun negative = run(concat(command, "--cuda-device", "-1"));
            assertThat(negative.exit()).isEqualTo(2);
            assertThat(negative.err()).contains("option '--cuda-device'").contains("must be 0 or more, not -1")
                    .doesNotContain("<main class>");
        }
        assertThat(dir.resolve("gpu")).doesNotExist();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"cutout", "--help"}, {"models", "--help"},
                {"models", "fetch", "--help"}, {"models", "list", "--help"}, {"bench", "cutout", "--help"},
                {"replace", "--help"}, {"bench", "scene", "--help"}, {"bench", "contact-sheet", "--help"},
                {"eval", "--help"}, {"eval", "cutout", "--help"}}) {
            CommandRun run = run(args);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("Usage:");
        }
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }
}
