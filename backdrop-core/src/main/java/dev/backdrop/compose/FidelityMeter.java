package dev.backdrop.compose;

import dev.backdrop.image.Mask;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;

/**
 * Scores a result against the input on the product region (mask at least one half): mean
 * CIEDE2000 and SSIM (8x8 windows, stride 6, on luma, windows centred on the product). When more
 * than {@value #DELTA_E_SAMPLES} product pixels changed, the CIEDE2000 mean is estimated from an
 * even spread of that many of them.
 */
public final class FidelityMeter {

    /** Changed product pixels measured by CIEDE2000 at most; see {@link #measure}. */
    static final int DELTA_E_SAMPLES = 4_096;
    private static final double C1 = Math.pow(0.01 * 255, 2), C2 = Math.pow(0.03 * 255, 2);

    public Fidelity measure(RgbImage input, RgbImage output, Mask mask) {
        int w = input.width(), h = input.height();
        if (output.width() != w || output.height() != h || mask.width() != w || mask.height() != h) {
            throw new IllegalArgumentException("input, output and mask must have the same size");
        }
        int[] in = input.pixels(), out = output.pixels();
        float[] a = mask.alpha();
        int n = 0, changed = 0;
        for (int i = 0; i < in.length; i++) {
            if (a[i] >= 0.5f) {
                n++;
                if (in[i] != out[i]) changed++;
            }
        }
        // Identical pixels differ by nothing; of the changed ones an even spread of at most
        // DELTA_E_SAMPLES stands for all, as CIEDE2000 costs about 0.3 µs a pixel.
        int stride = Math.max(1, (changed + DELTA_E_SAMPLES - 1) / DELTA_E_SAMPLES);
        double[] lab1 = new double[3], lab2 = new double[3];
        double sum = 0;
        int seen = 0, measured = 0;
        for (int i = 0; i < in.length; i++) {
            if (a[i] < 0.5f || in[i] == out[i] || seen++ % stride != 0) continue;
            CieLab.of(in[i], lab1);
            CieLab.of(out[i], lab2);
            sum += CieLab.deltaE2000(lab1, lab2);
            measured++;
        }
        double total = measured == 0 ? 0 : sum * changed / measured;
        return new Fidelity(n == 0 ? 0 : total / n, ssim(in, out, a, w, h), n);
    }

    private static double ssim(int[] in, int[] out, float[] a, int w, int h) {
        double total = 0;
        int windows = 0;
        for (int y = 0; y + 8 <= h; y += 6) {
            for (int x = 0; x + 8 <= w; x += 6) {
                if (a[(y + 4) * w + x + 4] < 0.5f) continue;
                windows++;
                // A window the composition left untouched scores exactly 1: skip its maths.
                if (same(in, out, w, x, y)) {
                    total += 1;
                    continue;
                }
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int j = y; j < y + 8; j++) {
                    for (int i = x; i < x + 8; i++) {
                        double p = PackedPixels.luma(in[j * w + i]), q = PackedPixels.luma(out[j * w + i]);
                        sx += p;
                        sy += q;
                        sxx += p * p;
                        syy += q * q;
                        sxy += p * q;
                    }
                }
                double mx = sx / 64, my = sy / 64;
                double vx = sxx / 64 - mx * mx, vy = syy / 64 - my * my, cov = sxy / 64 - mx * my;
                total += ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
            }
        }
        return windows == 0 ? 1 : total / windows;
    }

    private static boolean same(int[] in, int[] out, int w, int x, int y) {
        for (int j = y; j < y + 8; j++) {
            int o = j * w + x;
            if (!java.util.Arrays.equals(in, o, o + 8, out, o, o + 8)) {
                return false;
            }
        }
        return true;
    }
}
