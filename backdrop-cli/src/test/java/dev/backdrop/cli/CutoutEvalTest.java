package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backdrop.testing.TinySegmentationModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval cutout} on photos and masks made here, through a tiny model whose mask is the photo's
 * red channel (fed by its descriptor), so every score it prints is known in advance.
 */
class CutoutEvalTest {

    private static final int SIZE = 64;

    @TempDir
    static Path dir;

    private static Path model;
    private static Path photos;
    private static Path masks;

    @BeforeAll
    static void photosMasksAndModel() throws IOException {
        model = TinySegmentationModel.write(dir.resolve("red.onnx"), SIZE, new float[] {1, 0, 0}, 0);
        Files.writeString(dir.resolve("red.json"),
                "{\"inputSize\": 64, \"mean\": [0, 0, 0], \"std\": [1, 1, 1], \"outputIndex\": 1, \"output\": \"probabilities\"}");
        photos = Files.createDirectories(dir.resolve("photos"));
        masks = Files.createDirectories(dir.resolve("masks"));
        // "exact": the model finds the square; "shifted": it finds it 10 px to the right.
        write(photos.resolve("exact.png"), square(10), BufferedImage.TYPE_INT_RGB, 0xFF0000);
        write(masks.resolve("exact.png"), square(10), BufferedImage.TYPE_BYTE_GRAY, 0xFFFFFF);
        write(photos.resolve("shifted.png"), square(20), BufferedImage.TYPE_INT_RGB, 0xFF0000);
        write(masks.resolve("shifted.png"), square(10), BufferedImage.TYPE_BYTE_GRAY, 0xFFFFFF);
    }

    @Test
    void scoresEachPhotoAndTheMeanAndListsTheWorst() {
        CommandRun run = CommandRun.of("eval", "cutout", "--images", photos.toString(), "--masks", masks.toString(),
                "--model", model.toString(), "--threads", "1");
        assertThat(run.exit()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        // 20x20 squares 10 px apart: IoU 200/600, MAE 400/4096, and at a 1 px tolerance 24 of the
        // 76 outline pixels of each lie within reach of the other (the rows' overlap plus one, and
        // one pixel down each column): boundary F 24/76.
        double[] shifted = {1.0 / 3, 400.0 / 4096, 24.0 / 76};
        assertScores(row(lines, "exact"), 1, 0, 1);
        assertScores(row(lines, "shifted"), shifted);
        double[] mean = {(1 + shifted[0]) / 2, shifted[1] / 2, (1 + shifted[2]) / 2};
        assertScores(row(lines, "cut-out"), mean);
        assertScores(row(lines, "model alone"), mean);
        int worst = lines.indexOf("worst five (cut-out IoU):");
        assertThat(worst).as(run.out()).isPositive();
        assertThat(lines.get(worst + 1)).startsWith("shifted");
        assertThat(lines.get(worst + 2)).startsWith("exact");
    }

    @Test
    void anUnknownQualityIsRefused() {
        CommandRun run = CommandRun.of("eval", "cutout", "--images", photos.toString(), "--masks", masks.toString(),
                "--model", model.toString(), "--quality", "best");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--quality must be standard or high, not 'best'");
    }

    @Test
    void aPhotoWithoutMaskIsAUserError() throws IOException {
        Path more = Files.createDirectories(dir.resolve("more"));
        write(more.resolve("exact.png"), square(10), BufferedImage.TYPE_INT_RGB, 0xFF0000);
        write(more.resolve("lonely.png"), square(10), BufferedImage.TYPE_INT_RGB, 0xFF0000);
        CommandRun run = CommandRun.of("eval", "cutout", "--images", more.toString(), "--masks", masks.toString(),
                "--model", model.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("1 photo(s) have no mask").contains("lonely.png");
    }

    /** The scores printed on the line that starts with {@code label}. */
    private static double[] row(List<String> lines, String label) {
        String line = lines.stream().filter(l -> l.startsWith(label + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + label + " in " + lines));
        String[] words = line.substring(label.length()).trim().split("\\s+");
        return Arrays.stream(words).mapToDouble(Double::parseDouble).toArray();
    }

    private static void assertScores(double[] printed, double... expected) {
        assertThat(printed).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(printed[i]).isCloseTo(expected[i], within(0.00006));
        }
    }

    /** A 20x20 square at column {@code x0}, rows 20 to 39. */
    private static boolean[] square(int x0) {
        boolean[] in = new boolean[SIZE * SIZE];
        for (int y = 20; y < 40; y++) {
            for (int x = x0; x < x0 + 20; x++) {
                in[y * SIZE + x] = true;
            }
        }
        return in;
    }

    private static void write(Path file, boolean[] in, int type, int colour) throws IOException {
        BufferedImage image = new BufferedImage(SIZE, SIZE, type);
        for (int i = 0; i < in.length; i++) {
            image.setRGB(i % SIZE, i / SIZE, in[i] ? colour : 0);
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
