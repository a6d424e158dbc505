package dev.backdrop.image;

/** How to write an image: the format and its settings. */
public sealed interface Encoding {

    ImageFormat format();

    static Encoding png() {
        return new Png();
    }

    /** PNG at deflate level 1: for answers sent at once, where encoding time counts more than a few percent of size. */
    static Encoding pngFast() {
        return new Png(1);
    }

    /** JPEG at {@code quality} (0-1), transparency flattened onto white. */
    static Encoding jpeg(float quality) {
        return Jpeg.withQuality(quality);
    }

    /** Lossless WebP at libwebp's default effort; higher effort costs much time for a few percent. */
    static Encoding webpLossless() {
        return new WebP(true, 0.75f);
    }

    static Encoding webpLossy(float quality) {
        return new WebP(false, quality);
    }

    /** The settings a caller gets when it names only a format. */
    static Encoding defaultFor(ImageFormat format) {
        return switch (format) {
            case PNG -> png();
            case JPEG -> jpeg(0.9f);
            case WEBP -> webpLossy(0.9f);
            case BMP, TIFF -> throw new IllegalArgumentException(format + " cannot be written; use PNG, JPEG or WebP");
        };
    }

    /**
     * Lossless PNG, 8 bits per channel; RGBA when the image has alpha, RGB otherwise.
     *
     * @param deflateLevel zlib effort, 1 (fastest) to 9 (smallest); the same pixels whatever the level
     */
    record Png(int deflateLevel) implements Encoding {

        /** The JDK writer's own level, a balance of time and size. */
        public static final int DEFAULT_LEVEL = 4;

        public Png {
            if (deflateLevel < 1 || deflateLevel > 9) {
                throw new IllegalArgumentException("PNG deflate level must be 1-9, got " + deflateLevel);
            }
        }

        public Png() {
            this(DEFAULT_LEVEL);
        }

        @Override
        public ImageFormat format() {
            return ImageFormat.PNG;
        }
    }

    /**
     * Baseline JPEG. JPEG has no alpha, so transparent pixels are composited onto {@code background}
     * (packed {@code 0xRRGGBB}, white by default).
     *
     * @param quality 0 (smallest) to 1 (best)
     */
    record Jpeg(float quality, int background) implements Encoding {

        public static final int WHITE = 0xFFFFFF;

        public Jpeg {
            checkQuality(quality);
            background &= 0xFFFFFF;
        }

        public static Jpeg withQuality(float quality) {
            return new Jpeg(quality, WHITE);
        }

        /** Quality as a percentage, 1-100, the way most tools and APIs state it. */
        public static Jpeg withPercent(int percent) {
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("JPEG quality must be 1-100, got " + percent);
            }
            return withQuality(percent / 100f);
        }

        @Override
        public ImageFormat format() {
            return ImageFormat.JPEG;
        }
    }

    /**
     * WebP, lossless or lossy; both keep alpha.
     *
     * @param quality 0 (smallest) to 1 (best); for lossless, how hard to compress
     */
    record WebP(boolean lossless, float quality) implements Encoding {

        public WebP {
            checkQuality(quality);
        }

        @Override
        public ImageFormat format() {
            return ImageFormat.WEBP;
        }
    }

    private static void checkQuality(float quality) {
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("quality must be between 0 and 1, got " + quality);
        }
    }
}
