package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void namesAsCallersWriteThem() {
        assertThat(ImageFormat.forName("jpg")).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.forName("JPEG")).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.forName(" png ")).contains(ImageFormat.PNG);
        assertThat(ImageFormat.forName("image/webp")).contains(ImageFormat.WEBP);
        assertThat(ImageFormat.forName("tif")).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.forName("gif")).isEmpty();
    }

    @Test
    void outputFormatsDescribeThemselves() {
        assertThat(ImageFormat.JPEG.mimeType()).isEqualTo("image/jpeg");
        assertThat(ImageFormat.JPEG.extension()).isEqualTo("jpg");
        assertThat(ImageFormat.JPEG.keepsAlpha()).isFalse();
        assertThat(ImageFormat.PNG.keepsAlpha()).isTrue();
        assertThat(ImageFormat.WEBP.keepsAlpha()).isTrue();
        assertThat(ImageFormat.WEBP.mimeType()).isEqualTo("image/webp");
        assertThat(ImageFormat.BMP.writable()).isFalse();
        assertThat(ImageFormat.TIFF.writable()).isFalse();
    }

    @Test
    void contentThatIsNoImageIsNotDetected() {
        assertThat(ImageFormat.detect(new byte[0])).isEmpty();
        assertThat(ImageFormat.detect("<html>not an image</html>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        // A RIFF container that is not WebP (e.g. a WAV file).
        assertThat(ImageFormat.detect("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(ImageFormat.detect(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
    }
}
