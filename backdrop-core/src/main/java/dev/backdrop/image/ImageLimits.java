package dev.backdrop.image;

/**
 * How large an input image may be, checked before any pixel is decoded: first the encoded size in
 * bytes, then the pixel count that the header declares.
 */
public record ImageLimits(long maxPixels, long maxBytes) {

    /** 50 megapixels, 25 MiB. */
    public static final ImageLimits DEFAULT = new ImageLimits(50_000_000L, 25L * 1024 * 1024);

    /** Decoded pixels live in one {@code int[]}, so no limit can go past what an array holds. */
    private static final long MAX_ARRAY_PIXELS = Integer.MAX_VALUE - 8;

    public ImageLimits {
        if (maxPixels <= 0 || maxPixels > MAX_ARRAY_PIXELS) {
            throw new IllegalArgumentException("maxPixels must be in 1.." + MAX_ARRAY_PIXELS + ", got " + maxPixels);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
    }

    void checkBytes(long bytes) {
        if (bytes > maxBytes) {
            throw new ImageTooLargeException(
                    "image is " + bytes + " bytes; the limit is " + maxBytes + " bytes (" + megabytes(maxBytes) + ")");
        }
    }

    void checkPixels(long width, long height) {
        long pixels = width * height;
        if (pixels > maxPixels) {
            throw new ImageTooLargeException("image is " + width + "x" + height + " (" + megapixels(pixels)
                    + "); the limit is " + megapixels(maxPixels));
        }
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String megapixels(long pixels) {
        return String.format(java.util.Locale.ROOT, "%.1f megapixels", pixels / 1_000_000.0);
    }
}
