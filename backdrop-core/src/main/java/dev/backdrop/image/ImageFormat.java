package dev.backdrop.image;

import java.util.Locale;
import java.util.Optional;

/**
 * The image formats Backdrop knows. All of them can be decoded; PNG, JPEG and WebP can also be
 * written. Formats are recognised by their content ({@link #detect}), never by a file name.
 */
public enum ImageFormat {
    PNG("image/png", "png", true, true, Integer.MAX_VALUE),
    JPEG("image/jpeg", "jpg", false, true, 65_535),
    WEBP("image/webp", "webp", true, true, 16_383),
    BMP("image/bmp", "bmp", true, false, Integer.MAX_VALUE),
    TIFF("image/tiff", "tiff", true, false, Integer.MAX_VALUE);

    private final String mimeType;
    private final String extension;
    private final boolean keepsAlpha;
    private final boolean writable;
    private final int maxSide;

    ImageFormat(String mimeType, String extension, boolean keepsAlpha, boolean writable, int maxSide) {
        this.mimeType = mimeType;
        this.extension = extension;
        this.keepsAlpha = keepsAlpha;
        this.writable = writable;
        this.maxSide = maxSide;
    }

    public String mimeType() {
        return mimeType;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** Whether the format can carry an alpha channel. */
    public boolean keepsAlpha() {
        return keepsAlpha;
    }

    /** Whether {@link ImageEncoder} can write this format. */
    public boolean writable() {
        return writable;
    }

    /** The widest and tallest image the format can hold, in pixels (the size fields of its header). */
    public int maxSide() {
        return maxSide;
    }

    /** Whether an image of this size fits the format's header. */
    public boolean holds(int width, int height) {
        return width <= maxSide && height <= maxSide;
    }

    /** Parses a format name as a caller would write it: {@code png}, {@code jpg}, {@code jpeg}, {@code webp}, ... */
    public static Optional<ImageFormat> forName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            if (n.equals(f.extension) || n.equals(f.name().toLowerCase(Locale.ROOT)) || n.equals(f.mimeType)) {
                return Optional.of(f);
            }
        }
        return n.equals("tif") ? Optional.of(TIFF) : Optional.empty();
    }

    /** Recognises a format from the first bytes of a file (its magic number). */
    public static Optional<ImageFormat> detect(byte[] data) {
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        if (startsWith(data, 0, 'B', 'M') && data.length >= 26) {
            return Optional.of(BMP);
        }
        // Classic TIFF (42) and BigTIFF (43), in either byte order.
        if (startsWith(data, 0, 'I', 'I', 42, 0) || startsWith(data, 0, 'M', 'M', 0, 42)
                || startsWith(data, 0, 'I', 'I', 43, 0) || startsWith(data, 0, 'M', 'M', 0, 43)) {
            return Optional.of(TIFF);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int offset, int... magic) {
        if (data.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
