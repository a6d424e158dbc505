package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A JPEG stored as a 3x2 grid of coloured blocks, tagged with each EXIF orientation, must decode
 * to the grid as it should be shown. The expected grids are worked out by hand from the EXIF
 * definitions (row by row, top to bottom, '/' between rows).
 */
class ExifOrientationTest {

    private static final int BLOCK = 16;
    private static final String STORED = "RGB/CMY";

    private final ImageDecoder decoder = new ImageDecoder();

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, RGB/CMY",
        "2, BGR/YMC",
        "3, YMC/BGR",
        "4, CMY/RGB",
        "5, RC/GM/BY",
        "6, CR/MG/YB",
        "7, YB/MG/CR",
        "8, BY/GM/RC",
    })
    void decodedPixelsAreUpright(int orientation, String upright) {
        byte[] jpeg = ExifJpeg.withOrientation(storedJpeg(), orientation);

        DecodedImage decoded = decoder.decode(jpeg);

        assertThat(grid(decoded.pixels())).isEqualTo(upright);
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"0", "9", "200"})
    void unknownOrientationLeavesPixelsAsStored(int orientation) {
        DecodedImage decoded = decoder.decode(ExifJpeg.withOrientation(storedJpeg(), orientation));

        assertThat(grid(decoded.pixels())).isEqualTo(STORED);
    }

    private static byte[] storedJpeg() {
        String[] rows = STORED.split("/");
        int width = rows[0].length() * BLOCK, height = rows.length * BLOCK;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, colour(rows[y / BLOCK].charAt(x / BLOCK)));
            }
        }
        return TestPictures.write(image, "jpeg");
    }

    /** Names the colour at the centre of each block. */
    private static String grid(RgbaImage image) {
        StringBuilder out = new StringBuilder();
        for (int by = 0; by < image.height() / BLOCK; by++) {
            if (by > 0) {
                out.append('/');
            }
            for (int bx = 0; bx < image.width() / BLOCK; bx++) {
                out.append(name(image.pixels()[(by * BLOCK + BLOCK / 2) * image.width() + bx * BLOCK + BLOCK / 2]));
            }
        }
        return out.toString();
    }

    private static int colour(char name) {
        return switch (name) {
            case 'R' -> 0xFF0000;
            case 'G' -> 0x00FF00;
            case 'B' -> 0x0000FF;
            case 'C' -> 0x00FFFF;
            case 'M' -> 0xFF00FF;
            case 'Y' -> 0xFFFF00;
            default -> throw new IllegalArgumentException(String.valueOf(name));
        };
    }

    private static char name(int argb) {
        int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
        int key = (r > 128 ? 4 : 0) | (g > 128 ? 2 : 0) | (b > 128 ? 1 : 0);
        return "?BGCRMY?".charAt(key);
    }
}
