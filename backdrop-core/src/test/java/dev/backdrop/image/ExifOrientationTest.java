package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A JPEG (EXIF) or TIFF stored as a 3x2 grid of coloured blocks, tagged with each EXIF orientation, must decode
 * to the grid as it should be shown. The expected grids are worked out by hand from the EXIF
 * definitions (row by row, top to bottom, '/' between rows).
 */
class ExifOrientationTest {

    private static final int BLOCK = 16;
    private static final String STORED = "RGB/CMY";

    private final ImageDecoder decoder = new ImageDecoder();

    static Stream<Arguments> orientations() {
        return Stream.of(
                Arguments.of(1, "RGB/CMY"),
                Arguments.of(2, "BGR/YMC"),
                Arguments.of(3, "YMC/BGR"),
                Arguments.of(4, "CMY/RGB"),
                Arguments.of(5, "RC/GM/BY"),
                Arguments.of(6, "CR/MG/YB"),
                Arguments.of(7, "YB/MG/CR"),
                Arguments.of(8, "BY/GM/RC"));
    }

    @ParameterizedTest(name = "orientation {0}")
    @MethodSource("orientations")
    void jpegIsTurnedUpright(int orientation, String upright) {
        byte[] jpeg = ExifJpeg.withOrientation(TestPictures.write(stored(), "jpeg"), orientation);

        DecodedImage decoded = decoder.decode(jpeg);

        assertThat(grid(decoded.pixels())).isEqualTo(upright);
    }

    @ParameterizedTest(name = "orientation {0}")
    @MethodSource("orientations")
    void tiffIsTurnedUpright(int orientation, String upright) throws Exception {
        DecodedImage decoded = decoder.decode(tiffWithOrientation(orientation));

        assertThat(grid(decoded.pixels())).isEqualTo(upright);
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"0", "9", "200"})
    void unknownOrientationLeavesPixelsAsStored(int orientation) {
        DecodedImage decoded = decoder.decode(ExifJpeg.withOrientation(TestPictures.write(stored(), "jpeg"), orientation));

        assertThat(grid(decoded.pixels())).isEqualTo(STORED);
    }

    /** A TIFF with the Orientation tag (274) set through the writer's native metadata. */
    private static byte[] tiffWithOrientation(int orientation) throws IOException {
        BufferedImage image = stored();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = new IIOMetadataNode(format);
        IIOMetadataNode ifd = new IIOMetadataNode("TIFFIFD");
        IIOMetadataNode field = new IIOMetadataNode("TIFFField");
        field.setAttribute("number", "274");
        IIOMetadataNode shorts = new IIOMetadataNode("TIFFShorts");
        IIOMetadataNode value = new IIOMetadataNode("TIFFShort");
        value.setAttribute("value", Integer.toString(orientation));
        shorts.appendChild(value);
        field.appendChild(shorts);
        ifd.appendChild(field);
        root.appendChild(ifd);
        metadata.mergeTree(format, root);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, metadata), null);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    @Test
    void unreadableExifBlockIsIgnored() {
        byte[] garbage = {'M', 'M', 0, 42, 0x7F, 0, 0, 0, 1, 2, 3};

        DecodedImage decoded = decoder.decode(ExifJpeg.withExif(TestPictures.write(stored(), "jpeg"), garbage));

        assertThat(grid(decoded.pixels())).isEqualTo(STORED);
    }

    private static BufferedImage stored() {
        String[] rows = STORED.split("/");
        int width = rows[0].length() * BLOCK, height = rows.length * BLOCK;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, colour(rows[y / BLOCK].charAt(x / BLOCK)));
            }
        }
        return image;
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
