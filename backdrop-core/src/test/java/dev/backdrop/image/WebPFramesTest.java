package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * WebP files whose bitstream declares another size than the file's canvas are refused before the
 * decoder sizes any buffer by them (a 100-byte file could otherwise take gigabytes).
 */
class WebPFramesTest {

    private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(1_000_000, 1024 * 1024));

    @Test
    void aLosslessFrameBeyondTheLimitsIsRefusedAsTooLarge() {
        byte[] file = webp(vp8x(5, 4), chunk("VP8L", vp8l(16000, 16000)));
        assertThatThrownBy(() -> decoder.decode(file)).isInstanceOf(ImageTooLargeException.class);
    }

    @Test
    void aLossyFrameBeyondTheLimitsIsRefusedAsTooLarge() {
        byte[] file = webp(chunk("VP8 ", vp8(12000, 9000)));
        assertThatThrownBy(() -> decoder.decode(file)).isInstanceOf(ImageTooLargeException.class);
    }

    @Test
    void aStillFrameOfAnotherSizeThanItsCanvasIsDamaged() {
        byte[] file = webp(vp8x(5, 4), chunk("VP8L", vp8l(50, 40)));
        assertThatThrownBy(() -> decoder.decode(file)).isInstanceOf(CorruptImageException.class)
                .hasMessageContaining("frame is 50x40 but its canvas 5x4");
    }

    @Test
    void aLossyChunkWithoutAKeyFrameHeaderIsDamaged() {
        byte[] file = webp(vp8x(5, 4), chunk("VP8 ", new byte[] {0x58, -1, -1, -1, -1, -1, -1, -1, 0x3b, -2}));
        assertThatThrownBy(() -> decoder.decode(file)).isInstanceOf(CorruptImageException.class)
                .hasMessageContaining("VP8 chunk header is invalid");
    }

    private static byte[] vp8x(int width, int height) {
        byte[] b = new byte[10];
        put24(b, 4, width - 1);
        put24(b, 7, height - 1);
        return chunk("VP8X", b);
    }

    private static byte[] vp8l(int width, int height) {
        long bits = (width - 1) | (long) (height - 1) << 14;
        return new byte[] {0x2f, (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24), 0, 0, 0};
    }

    private static byte[] vp8(int width, int height) {
        return new byte[] {0, 0, 0, (byte) 0x9d, 0x01, 0x2a, (byte) width, (byte) (width >> 8), (byte) height,
                (byte) (height >> 8), 0, 0};
    }

    private static byte[] chunk(String type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] size = new byte[4];
        put24(size, 0, body.length);
        out.writeBytes(size);
        out.writeBytes(body);
        if (body.length % 2 == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] webp(byte[]... chunks) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes("WEBP".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            payload.writeBytes(c);
        }
        byte[] body = payload.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] size = new byte[4];
        put24(size, 0, body.length);
        out.writeBytes(size);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void put24(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >> 8);
        b[at + 2] = (byte) (value >> 16);
    }
}
