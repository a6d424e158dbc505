package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code replace} command end to end: real photos, the real model, files read back. */
class ReplaceCommandTest {

    private static final String WOOD = "dark wood table, soft light";

    @TempDir
    static Path dir;

    private static Path inputs;
    private static Path cat;

    @BeforeAll
    static void photosAndModel() throws IOException {
        TestModels.path(dev.backdrop.model.ModelId.ISNET_FP16);
        inputs = Files.createDirectories(dir.resolve("in"));
        cat = inputs.resolve("chelsea.png");
        Files.write(cat, TestPhotos.bytes("chelsea.png"));
        Files.writeString(inputs.resolve("notes.png"), "this is text, not a picture");
    }

    @Test
    void replacesEveryPhotoOfAFolderReportsTheBrokenOneAndDescribesTheResults() throws IOException {
        Path out = dir.resolve("folder");
        CommandRun run = CommandRun.of("replace", inputs.toString(), "--prompt", WOOD, "--negative-prompt",
                "yellow wall", "--seed", "42", "-o", out.toString(), "--threads", "2");
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("notes.png").contains("1 of 2 images failed");
        DecodedImage result = new ImageDecoder().decode(out.resolve("chelsea-0.jpg"));
        assertThat(result.sourceFormat()).isEqualTo(ImageFormat.JPEG);
        assertThat(result.width()).isEqualTo(451);
        assertThat(result.height()).isEqualTo(300);
        assertThat(out.resolve("notes-0.jpg")).doesNotExist();
        assertThat(run.out()).contains("chelsea-0.jpg").contains("seed 42").contains("dark wood");

        JsonNode json = new ObjectMapper().readTree(out.resolve("chelsea.json").toFile());
        JsonNode first = json.get("results").get(0);
        assertThat(first.get("seed").asLong()).isEqualTo(42);
        assertThat(first.get("prompt_reading").asText()).contains("dark wood surface").contains("avoiding yellow");
        JsonNode reading = first.get("reading");
        assertThat(reading.get("summary").asText()).isEqualTo(first.get("prompt_reading").asText());
        assertThat(reading.get("words_drawn").toString()).contains("\"dark wood\"");
        assertThat(reading.get("words_not_understood")).as("every word of the prompt is known").isEmpty();
        assertThat(reading.get("shadow").get("style").asText()).isEqualTo("soft");
        assertThat(reading.get("framing").get("placement").asText()).isEqualTo("keep");
        assertThat(reading.get("camera").get("angle").asText()).isIn("eye_level", "high_angle", "top_down");
        assertThat(first.get("fidelity").get("ssim").asDouble()).isBetween(0.9, 1.0);
        assertThat(first.get("fidelity").get("delta_e").asDouble()).isBetween(0.0, 20.0);
    }

    @Test
    void aPhotoWithNoProductIsSaidSoAndGetsNoFidelityScore() throws IOException {
        int[] grey = new int[600 * 400];
        java.util.Arrays.fill(grey, 0x808890);
        Path plain = Files.createDirectories(dir.resolve("plain")).resolve("wall.png");
        Files.write(plain, new dev.backdrop.image.ImageEncoder().encode(new dev.backdrop.image.RgbImage(600, 400, grey),
                dev.backdrop.image.Encoding.defaultFor(ImageFormat.PNG)));
        Path out = dir.resolve("plain-out");
        CommandRun run = CommandRun.of("replace", plain.toString(), "--prompt", WOOD, "-o", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("no product found").doesNotContain("SSIM");
        JsonNode json = new ObjectMapper().readTree(out.resolve("wall.json").toFile());
        assertThat(json.get("results").get(0).get("fidelity").isNull()).isTrue();
    }

    @Test
    void sizeSamplesAndLayers() throws IOException {
        Path out = dir.resolve("sized");
        CommandRun run = CommandRun.of("replace", cat.toString(), "--prompt", "white marble, soft light",
                "--size", "320x240", "--samples", "2", "--layers", "--format", "png", "--placement", "center",
                "--seed", "5", "-o", out.toString(), "--threads", "2");
        assertThat(run.exit()).as(run.err()).isZero();
        ImageDecoder decoder = new ImageDecoder();
        for (String sample : new String[] {"chelsea-0", "chelsea-1"}) {
            DecodedImage image = decoder.decode(out.resolve(sample + ".png"));
            assertThat(image.sourceFormat()).isEqualTo(ImageFormat.PNG);
            assertThat(image.width()).isEqualTo(320);
            assertThat(image.height()).isEqualTo(240);
            for (String layer : new String[] {"cutout", "shadow", "background", "mask"}) {
                DecodedImage l = decoder.decode(out.resolve(sample + "." + layer + ".png"));
                assertThat(l.width()).as(layer).isEqualTo(320);
                assertThat(l.height()).as(layer).isEqualTo(240);
            }
        }
        assertThat(run.out()).contains("seed 5").contains("seed 6");
        JsonNode framing = new ObjectMapper().readTree(out.resolve("chelsea.json").toFile()).get("results").get(0)
                .get("reading").get("framing");
        assertThat(framing.get("placement").asText()).isEqualTo("center");
        assertThat(framing.get("fill").asDouble()).isEqualTo(0.65);
        assertThat(Files.readAllBytes(out.resolve("chelsea-0.png")))
                .as("samples differ").isNotEqualTo(Files.readAllBytes(out.resolve("chelsea-1.png")));
    }

    @Test
    void aspectPresetsShapeTheCanvasAndMarketplaceIsWhite() throws IOException {
        Path wide = dir.resolve("wide");
        assertThat(CommandRun.of("replace", cat.toString(), "--prompt", WOOD, "--aspect", "16:9", "--format", "webp",
                "-o", wide.toString(), "--threads", "2").exit()).isZero();
        DecodedImage image = new ImageDecoder().decode(wide.resolve("chelsea-0.webp"));
        assertThat(image.sourceFormat()).isEqualTo(ImageFormat.WEBP);
        assertThat((double) image.width() / image.height()).isCloseTo(16.0 / 9, org.assertj.core.data.Offset.offset(0.02));

        Path market = dir.resolve("market");
        CommandRun run = CommandRun.of("replace", cat.toString(), "--prompt", WOOD, "--aspect", "marketplace",
                "--format", "png", "-o", market.toString(), "--threads", "2");
        assertThat(run.exit()).as(run.err()).isZero();
        DecodedImage square = new ImageDecoder().decode(market.resolve("chelsea-0.png"));
        assertThat(square.width()).isEqualTo(square.height());
        int corner = square.pixels().pixels()[0];
        assertThat(Math.min(Math.min((corner >> 16) & 0xFF, (corner >> 8) & 0xFF), corner & 0xFF))
                .as("marketplace corner is white").isGreaterThan(235);
    }

    @Test
    void shadowAndFramingOptionsAreCheckedAndReported() throws IOException {
        Path out = dir.resolve("hard");
        CommandRun run = CommandRun.of("replace", cat.toString(), "--prompt", "concrete", "--shadow", "hard",
                "--shadow-strength", "0.9", "--placement", "center", "--fill", "0.4", "--padding", "0.05",
                "-o", out.toString(), "--threads", "2");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode reading = new ObjectMapper().readTree(out.resolve("chelsea.json").toFile()).get("results").get(0)
                .get("reading");
        assertThat(reading.get("shadow").get("style").asText()).isEqualTo("hard");
        assertThat(reading.get("shadow").get("strength").asDouble()).isEqualTo(0.9);
        assertThat(reading.get("framing").get("fill").asDouble()).isEqualTo(0.4);
        assertThat(reading.get("framing").get("padding").asDouble()).isEqualTo(0.05);

        CommandRun badShadow = CommandRun.of("replace", cat.toString(), "--prompt", "concrete", "--shadow", "medium",
                "-o", dir.resolve("bad").toString());
        assertThat(badShadow.exit()).isNotZero();
        assertThat(badShadow.err()).contains("--shadow must be none, soft, hard");
        CommandRun fillWithoutCenter = CommandRun.of("replace", cat.toString(), "--prompt", "concrete", "--fill", "0.5",
                "-o", dir.resolve("bad").toString());
        assertThat(fillWithoutCenter.exit()).isNotZero();
        assertThat(fillWithoutCenter.err()).contains("--fill applies to placement center");
    }

    @Test
    void theSameSeedGivesTheSameBytes() throws IOException {
        byte[] first = replaceWithSeed("seed-a", "123");
        byte[] again = replaceWithSeed("seed-b", "123");
        byte[] other = replaceWithSeed("seed-c", "124");
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aBatchCapWithoutADiffusionModelIsNotedAndChangesNothing() throws IOException {
        CommandRun run = replace("seed-batch", "123", "--max-batch", "2");
        assertThat(run.err()).contains("note: --max-batch applies to --diffusion-model");
        assertThat(Files.readAllBytes(dir.resolve("seed-batch").resolve("chelsea-0.png")))
                .isEqualTo(replaceWithSeed("seed-cpu", "123"));
    }

    @Test
    void aGpuAskedForRunsTheCutOutThereSoItsAbsenceIsAnError() {
        // The procedural scenes need no GPU, but the cut-out model runs on the device asked for.
        assumeFalse(OnnxRuntimeGpu.in(ModelCache.fromEnvironment()).installed(),
                "this machine has the CUDA build of ONNX Runtime");
        CommandRun run = CommandRun.of("replace", cat.toString(), "--prompt", "beach", "-o",
                dir.resolve("seed-gpu").toString(), "--cuda-device", "0");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("backdrop models fetch onnxruntime-gpu").doesNotContain("Exception");
    }

    private static byte[] replaceWithSeed(String folder, String seed) throws IOException {
        replace(folder, seed);
        return Files.readAllBytes(dir.resolve(folder).resolve("chelsea-0.png"));
    }

    private static CommandRun replace(String folder, String seed, String... extra) {
        List<String> args = new ArrayList<>(List.of("replace", cat.toString(), "--prompt", "beach at sunset, golden hour",
                "--format", "png", "--seed", seed, "-o", dir.resolve(folder).toString(), "--threads", "2"));
        args.addAll(List.of(extra));
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return run;
    }

    @Test
    void aReferenceImageBecomesTheBackground() throws IOException {
        int[] blue = new int[64 * 48];
        java.util.Arrays.fill(blue, 0x0000FF);
        Path reference = dir.resolve("blue.png");
        Files.write(reference, new dev.backdrop.image.ImageEncoder().encode(
                new dev.backdrop.image.RgbImage(64, 48, blue), dev.backdrop.image.Encoding.png()));
        Path out = dir.resolve("referenced");
        CommandRun run = CommandRun.of("replace", cat.toString(), "--prompt", "white marble", "--ref-image",
                reference.toString(), "--ref-weight", "1", "--format", "png", "-o", out.toString(), "--threads", "2");
        assertThat(run.exit()).as(run.err()).isZero();
        int corner = new ImageDecoder().decode(out.resolve("chelsea-0.png")).pixels().pixels()[0];
        assertThat(corner & 0xFF).as("blue").isGreaterThan(200);
        assertThat((corner >> 16) & 0xFF).as("red").isLessThan(60);
    }

    @Test
    void transparentWritesCutouts() throws IOException {
        Path out = dir.resolve("transparent");
        CommandRun run = CommandRun.of("replace", cat.toString(), "--prompt", "transparent", "-o", out.toString(),
                "--threads", "2");
        assertThat(run.exit()).as(run.err()).isZero();
        DecodedImage cut = new ImageDecoder().decode(out.resolve("chelsea-0.png"));
        assertThat(cut.hasAlpha()).isTrue();
        assertThat(cut.pixels().pixels()[0] >>> 24).as("background corner is transparent").isLessThan(20);
    }

    @Test
    void mistakesAreReportedBeforeAnyWork() {
        CommandRun jpeg = CommandRun.of("replace", cat.toString(), "--prompt", "transparent", "--format", "jpeg",
                "-o", dir.resolve("x").toString());
        assertThat(jpeg.exit()).isEqualTo(2);
        assertThat(jpeg.err()).contains("cannot keep the cut-out's transparency");

        CommandRun both = CommandRun.of("replace", cat.toString(), "--prompt", WOOD, "--size", "10x10", "--aspect",
                "1:1", "-o", dir.resolve("x").toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("not both");

        CommandRun empty = CommandRun.of("replace", cat.toString(), "--prompt", WOOD, "--size", "0x10", "-o",
                dir.resolve("x").toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("output size must be positive");

        CommandRun notAPicture = CommandRun.of("replace", cat.toString(), "--prompt", WOOD, "--ref-image",
                inputs.resolve("notes.png").toString(), "-o", dir.resolve("x").toString());
        assertThat(notAPicture.exit()).isEqualTo(2);
        assertThat(notAPicture.err()).contains("--ref-image " + inputs.resolve("notes.png"));

        CommandRun huge = CommandRun.of("replace", cat.toString(), "--prompt", WOOD, "--size", "100000x100000", "-o",
                dir.resolve("x").toString());
        assertThat(huge.exit()).isEqualTo(2);
        assertThat(huge.err()).contains("at most 64 megapixels");

        CommandRun wide = CommandRun.of("replace", cat.toString(), "--prompt", WOOD, "--size", "20000x100",
                "--format", "webp", "-o", dir.resolve("x").toString());
        assertThat(wide.exit()).isEqualTo(2);
        assertThat(wide.err()).contains("WEBP holds at most 16383 pixels a side");

        CommandRun diffusion = CommandRun.of("replace", cat.toString(), "--prompt", WOOD, "--diffusion-model",
                dir.toString(), "-o", dir.resolve("x").toString());
        assertThat(diffusion.exit()).isEqualTo(1);
        assertThat(diffusion.err()).contains("model_index.json");

        CommandRun scheduler = CommandRun.of("replace", cat.toString(), "--prompt", WOOD, "--scheduler", "Fast",
                "-o", dir.resolve("x").toString());
        assertThat(scheduler.exit()).isEqualTo(2);
        assertThat(scheduler.err()).contains("unknown scheduler");
        assertThat(dir.resolve("x")).doesNotExist();
    }
}
