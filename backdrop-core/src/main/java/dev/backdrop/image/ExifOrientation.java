package dev.backdrop.image;

/**
 * The eight EXIF orientations (tag 0x0112, values 1-8): how the stored pixels must be turned to
 * be shown upright. Each constant maps a pixel of the upright image back to the stored one.
 */
enum ExifOrientation {
    NORMAL(false) {
        @Override
        int source(int x, int y, int w, int h) {
            return y * w + x;
        }
    },
    FLIP_HORIZONTAL(false) {
        @Override
        int source(int x, int y, int w, int h) {
            return y * w + (w - 1 - x);
        }
    },
    ROTATE_180(false) {
        @Override
        int source(int x, int y, int w, int h) {
            return (h - 1 - y) * w + (w - 1 - x);
        }
    },
    FLIP_VERTICAL(false) {
        @Override
        int source(int x, int y, int w, int h) {
            return (h - 1 - y) * w + x;
        }
    },
    TRANSPOSE(true) {
        @Override
        int source(int x, int y, int w, int h) {
            return x * w + y;
        }
    },
    ROTATE_90_CLOCKWISE(true) {
        @Override
        int source(int x, int y, int w, int h) {
            return (h - 1 - x) * w + y;
        }
    },
    TRANSVERSE(true) {
        @Override
        int source(int x, int y, int w, int h) {
            return (h - 1 - x) * w + (w - 1 - y);
        }
    },
    ROTATE_90_COUNTERCLOCKWISE(true) {
        @Override
        int source(int x, int y, int w, int h) {
            return x * w + (w - 1 - y);
        }
    };

    private final boolean swapsAxes;

    ExifOrientation(boolean swapsAxes) {
        this.swapsAxes = swapsAxes;
    }

    /** Index into the stored {@code w x h} pixels of the upright pixel (x, y). */
    abstract int source(int x, int y, int w, int h);

    /** The EXIF tag value, 1-8; anything else (absent, 0, out of range) means no change. */
    static ExifOrientation ofTag(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    RgbaImage apply(RgbaImage stored) {
        if (this == NORMAL) {
            return stored;
        }
        int w = stored.width(), h = stored.height();
        int outW = swapsAxes ? h : w, outH = swapsAxes ? w : h;
        int[] in = stored.pixels();
        int[] out = new int[in.length];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = in[source(x, y, w, h)];
            }
        }
        return new RgbaImage(outW, outH, out);
    }
}
