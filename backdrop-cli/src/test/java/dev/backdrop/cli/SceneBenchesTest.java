package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.image.DecodedImage;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contact sheet and the scene benchmark, run small on a real photo. */
class SceneBenchesTest {

    @TempDir
    static Path dir;

    private static Path photo;

    @BeforeAll
    static void photoAndModel() throws IOException {
        TestModels.path(dev.backdrop.model.ModelId.ISNET_FP16);
        photo = dir.resolve("chelsea.png");
        Files.write(photo, TestPhotos.bytes("chelsea.png"));
    }

    @Test
    void contactSheetHasARowPerPromptAndTheOriginals() throws IOException {
        Path sheet = dir.resolve("sheets/sheet.png");
        CommandRun run = CommandRun.of("bench", "contact-sheet", photo.toString(), "--tile", "48", "-o",
                sheet.toString(), "--threads", "2");
        assertThat(run.exit()).as(run.err()).isZero();
        DecodedImage image = new ImageDecoder().decode(sheet);
        assertThat(image.width()).as("one column with margins").isEqualTo(8 + 48 + 8);
        assertThat(image.height()).as("9 rows of tiles and captions")
                .isGreaterThan(9 * (48 + 8 + 10));
        assertThat(run.out()).contains("1 photos x 8 prompts");
    }

    @Test
    void theDrawnProductsAddFourColumns() throws IOException {
        Path sheet = dir.resolve("sheets/drawn.png");
        CommandRun run = CommandRun.of("bench", "contact-sheet", photo.toString(), "--drawn", "--tile", "32", "-o",
                sheet.toString(), "--threads", "2");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(new ImageDecoder().decode(sheet).width()).as("five columns").isEqualTo(8 + 5 * (32 + 8));
        assertThat(run.out()).contains("5 photos x 8 prompts");
    }

    @Test
    void sceneBenchPrintsEveryStage() {
        CommandRun run = CommandRun.of("bench", "scene", photo.toString(), "--size", "128", "--runs", "2",
                "--warmup", "1", "--cutout-runs", "1", "--prompt", "white marble, soft light");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("machine: ").contains("128x128").contains("cut-out (isnet-fp16, 1 inference thread")
                .contains("white marble, soft light").contains("background").contains("compose");
    }
}
