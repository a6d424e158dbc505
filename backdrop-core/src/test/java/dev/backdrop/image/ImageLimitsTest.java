package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLimitsTest {

    @Test
    void defaultsAreFiftyMegapixelsAndTwentyFiveMegabytes() {
        assertThat(ImageLimits.DEFAULT.maxPixels()).isEqualTo(50_000_000L);
        assertThat(ImageLimits.DEFAULT.maxBytes()).isEqualTo(25L * 1024 * 1024);
    }

    @Test
    void pngWhoseHeaderClaimsTenGigapixelsIsRefusedBeforeDecoding() {
        // A valid header for 100000 x 100000 RGB followed by a few bytes of image data: decoding it
        // would need 40 GB, so it must be refused from the header alone, quickly.
        byte[] bomb = new PngBytes().header(100_000, 100_000, 8, 2).imageData(new byte[3 * 100_001]).end();
        assertThat(bomb.length).isLessThan(2_000);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> new ImageDecoder().decode(bomb))
                        .isInstanceOf(ImageTooLargeException.class)
                        .hasMessageContaining("100000x100000")
                        .hasMessageContaining("10000.0 megapixels")
                        .hasMessageContaining("limit is 50.0 megapixels")
                        .satisfies(e -> assertThat(((ImageTooLargeException) e).code()).isEqualTo("image_too_large")));
    }

    @Test
    void jpegWhoseFrameHeaderClaimsHugeSizeIsRefused() {
        byte[] jpeg = TestPictures.write(TestPictures.toBuffered(TestPictures.pattern(16, 16, false),
                BufferedImage.TYPE_INT_RGB), "jpeg");
        int sof = 2;
        while (!((jpeg[sof] & 0xFF) == 0xFF && (jpeg[sof + 1] & 0xFF) == 0xC0)) {
            sof++;
        }
        // Height and width in the frame header: 60000 x 60000.
        jpeg[sof + 5] = (byte) 0xEA;
        jpeg[sof + 6] = 0x60;
        jpeg[sof + 7] = (byte) 0xEA;
        jpeg[sof + 8] = 0x60;

        assertThatThrownBy(() -> new ImageDecoder().decode(jpeg))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("60000x60000");
    }

    @Test
    void pixelLimitIsInclusive() {
        byte[] png = TestPictures.write(TestPictures.toBuffered(TestPictures.pattern(20, 10, false),
                BufferedImage.TYPE_INT_RGB), "png");

        assertThat(new ImageDecoder(new ImageLimits(200, 1_000_000)).decode(png).width()).isEqualTo(20);
        assertThatThrownBy(() -> new ImageDecoder(new ImageLimits(199, 1_000_000)).decode(png))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("20x10");
    }

    @Test
    void byteLimitIsCheckedFirst() {
        byte[] png = TestPictures.write(TestPictures.toBuffered(TestPictures.pattern(64, 64, false),
                BufferedImage.TYPE_INT_RGB), "png");
        ImageDecoder decoder = new ImageDecoder(new ImageLimits(50_000_000, png.length - 1));

        assertThatThrownBy(() -> decoder.decode(png))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("image is " + png.length + " bytes")
                .hasMessageContaining("limit is " + (png.length - 1) + " bytes");
        // Not even the content is looked at: text over the limit is too large, not unsupported.
        assertThatThrownBy(() -> decoder.decode(new byte[png.length]))
                .isInstanceOf(ImageTooLargeException.class);
    }

    @Test
    void fileOverTheByteLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large.png");
        Files.write(file, new byte[4096]);

        assertThatThrownBy(() -> new ImageDecoder(new ImageLimits(1000, 4095)).decode(file))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("4096 bytes");
    }

    @Test
    void fileIsDecodedByContentNotByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("photo.jpg");
        Files.write(file, TestPictures.write(TestPictures.toBuffered(TestPictures.pattern(8, 8, true),
                BufferedImage.TYPE_INT_ARGB), "png"));

        DecodedImage decoded = new ImageDecoder().decode(file);

        assertThat(decoded.sourceFormat()).isEqualTo(ImageFormat.PNG);
        assertThat(decoded.pixels().pixels()).isEqualTo(TestPictures.pattern(8, 8, true).pixels());
    }

    @Test
    void limitsMustBePositiveAndFitAnArray() {
        assertThatThrownBy(() -> new ImageLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageLimits(3_000_000_000L, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
