package dev.backdrop.image;

/**
 * The sizes a WebP file's frames declare, checked before decoding: the reader sizes its buffers by
 * each VP8/VP8L bitstream's own header, not by the canvas in the {@code VP8X} chunk, so a file of a
 * hundred bytes with a small canvas and a huge frame would otherwise allocate gigabytes. Every
 * frame must fit the limits, and a still image's frame must be the size of its canvas.
 */
final class WebPFrames {

    private WebPFrames() {
    }

    static void check(byte[] data, ImageLimits limits) {
        long canvasWidth = -1;
        long canvasHeight = -1;
        boolean animated = false;
        int end = (int) Math.min(data.length, 8 + u32(data, 4));
        for (int at = 12; at + 8 <= end; ) {
            String type = new String(data, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = u32(data, at + 4);
            int body = at + 8;
            if (size > end - body) {
                throw new CorruptImageException("WEBP image is damaged: its " + type.strip() + " chunk claims " + size
                        + " bytes but " + (end - body) + " remain");
            }
            switch (type) {
                case "VP8X" -> {
                    need(size >= 10, type);
                    animated = (data[body] & 0x02) != 0;
                    canvasWidth = u24(data, body + 4) + 1;
                    canvasHeight = u24(data, body + 7) + 1;
                    limits.checkPixels(canvasWidth, canvasHeight);
                }
                case "ANMF" -> {
                    need(size >= 16, type);
                    limits.checkPixels(u24(data, body + 6) + 1, u24(data, body + 9) + 1);
                }
                case "VP8 ", "VP8L" -> {
                    long[] frame = type.equals("VP8 ") ? vp8(data, body, size) : vp8l(data, body, size);
                    limits.checkPixels(frame[0], frame[1]);
                    if (canvasWidth > 0 && !animated && (frame[0] != canvasWidth || frame[1] != canvasHeight)) {
                        throw new CorruptImageException("WEBP image is damaged: its frame is " + frame[0] + "x" + frame[1]
                                + " but its canvas " + canvasWidth + "x" + canvasHeight);
                    }
                }
                default -> {
                    // ALPH, ICCP, EXIF, XMP and unknown chunks carry no size of their own.
                }
            }
            at = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
    }

    /** A VP8 key frame: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height. */
    private static long[] vp8(byte[] data, int body, long size) {
        need(size >= 10 && (data[body + 3] & 0xFF) == 0x9d && (data[body + 4] & 0xFF) == 0x01
                && (data[body + 5] & 0xFF) == 0x2a, "VP8");
        return new long[] {u16(data, body + 6) & 0x3FFF, u16(data, body + 8) & 0x3FFF};
    }

    /** A VP8L bitstream: signature 0x2f, then 14-bit width − 1 and height − 1. */
    private static long[] vp8l(byte[] data, int body, long size) {
        need(size >= 5 && (data[body] & 0xFF) == 0x2f, "VP8L");
        long bits = u32(data, body + 1);
        return new long[] {(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }

    private static void need(boolean ok, String chunk) {
        if (!ok) {
            throw new CorruptImageException("WEBP image is damaged: its " + chunk.strip() + " chunk header is invalid");
        }
    }

    private static long u16(byte[] d, int at) {
        return (d[at] & 0xFFL) | (d[at + 1] & 0xFFL) << 8;
    }

    private static long u24(byte[] d, int at) {
        return u16(d, at) | (d[at + 2] & 0xFFL) << 16;
    }

    private static long u32(byte[] d, int at) {
        return u24(d, at) | (d[at + 3] & 0xFFL) << 24;
    }
}
