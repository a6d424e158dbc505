package dev.backdrop.filter;

/**
 * Separable resampling of single-channel float planes. Downscaling widens the kernel by the scale
 * factor so that every source pixel contributes (no aliasing); upscaling uses the kernel as is.
 */
public enum Resampler {
    /** Linear interpolation (tent kernel, support 1). */
    BILINEAR(1.0) {
        @Override
        double weight(double x) {
            x = Math.abs(x);
            return x < 1 ? 1 - x : 0;
        }
    },
    /** Catmull-Rom cubic (support 2): sharp, mild overshoot, clamped by callers where needed. */
    BICUBIC(2.0) {
        @Override
        double weight(double x) {
            x = Math.abs(x);
            if (x < 1) {
                return 1.5 * x * x * x - 2.5 * x * x + 1;
            }
            if (x < 2) {
                return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
            }
            return 0;
        }
    };

    private final double support;

    Resampler(double support) {
        this.support = support;
    }

    abstract double weight(double x);

    /** Resizes a {@code width × height} plane to {@code newWidth × newHeight}; rows are split into bands run in parallel. */
    public float[] resize(float[] plane, int width, int height, int newWidth, int newHeight) {
        if (width == newWidth && height == newHeight) {
            return plane.clone();
        }
        Taps horizontal = taps(width, newWidth);
        Taps vertical = taps(height, newHeight);
        float[] rows = new float[newWidth * height];
        Bands.run(height, newWidth, (from, to) -> {
            for (int y = from; y < to; y++) {
                horizontal.applyAlongRow(plane, y * width, rows, y * newWidth);
            }
        });
        float[] out = new float[newWidth * newHeight];
        Bands.run(newHeight, newWidth, (from, to) -> {
            for (int y = from; y < to; y++) {
                vertical.applyAcrossRows(rows, newWidth, y, out);
            }
        });
        return out;
    }

    /**
     * The red, green and blue levels (0..255) of packed pixels, each resized as {@link #resize}
     * would resize its plane, bit for bit, without making the full-size planes: the pixels are read
     * once, for the three channels at a time.
     */
    public float[][] resizeChannels(int[] px, int width, int height, int newWidth, int newHeight) {
        Taps horizontal = taps(width, newWidth);
        Taps vertical = taps(height, newHeight);
        float[][] rows = new float[3][newWidth * height];
        Bands.run(height, newWidth, (from, to) -> {
            for (int y = from; y < to; y++) {
                horizontal.applyAlongRow(px, y * width, rows, y * newWidth);
            }
        });
        float[][] out = new float[3][newWidth * newHeight];
        Bands.run(newHeight, newWidth, (from, to) -> {
            for (int y = from; y < to; y++) {
                for (int c = 0; c < 3; c++) {
                    vertical.applyAcrossRows(rows[c], newWidth, y, out[c]);
                }
            }
        });
        return out;
    }

    /** Precomputed source indices and normalised weights for each output position. */
    private record Taps(int[] start, int[] count, float[][] weights) {

        void applyAlongRow(float[] src, int srcOffset, float[] dst, int dstOffset) {
            for (int i = 0; i < start.length; i++) {
                float[] w = weights[i];
                int s = srcOffset + start[i];
                float sum = 0;
                for (int k = 0; k < count[i]; k++, s++) {
                    sum += src[s] * w[k];
                }
                dst[dstOffset + i] = sum;
            }
        }

        /** {@link #applyAlongRow(float[], int, float[], int)} on the three channels of packed pixels at once. */
        void applyAlongRow(int[] src, int srcOffset, float[][] dst, int dstOffset) {
            for (int i = 0; i < start.length; i++) {
                float[] w = weights[i];
                int s = srcOffset + start[i];
                float r = 0, g = 0, b = 0;
                for (int k = 0; k < count[i]; k++, s++) {
                    int p = src[s];
                    r += (float) ((p >> 16) & 0xFF) * w[k];
                    g += (float) ((p >> 8) & 0xFF) * w[k];
                    b += (float) (p & 0xFF) * w[k];
                }
                dst[0][dstOffset + i] = r;
                dst[1][dstOffset + i] = g;
                dst[2][dstOffset + i] = b;
            }
        }

        /**
         * Output row {@code i} from whole source rows of {@code width}: every pixel gets the same
         * terms in the same order as a walk down its column would give it, but memory is read in order.
         */
        void applyAcrossRows(float[] src, int width, int i, float[] dst) {
            float[] w = weights[i];
            int o = i * width;
            for (int k = 0; k < count[i]; k++) {
                int s = (start[i] + k) * width;
                float weight = w[k];
                for (int x = 0; x < width; x++) {
                    dst[o + x] += src[s + x] * weight;
                }
            }
        }
    }

    private Taps taps(int in, int out) {
        double scale = (double) out / in;
        double stretch = scale < 1 ? 1 / scale : 1;
        double radius = support * stretch;
        int[] start = new int[out];
        int[] count = new int[out];
        float[][] weights = new float[out][];
        for (int i = 0; i < out; i++) {
            double center = (i + 0.5) / scale - 0.5;
            int lo = Math.max(0, (int) Math.floor(center - radius));
            int hi = Math.min(in - 1, (int) Math.ceil(center + radius));
            float[] w = new float[hi - lo + 1];
            double total = 0;
            for (int s = lo; s <= hi; s++) {
                double v = weight((s - center) / stretch);
                w[s - lo] = (float) v;
                total += v;
            }
            for (int k = 0; k < w.length; k++) {
                w[k] /= (float) total;
            }
            start[i] = lo;
            count[i] = w.length;
            weights[i] = w;
        }
        return new Taps(start, count, weights);
    }
}
