package dev.backdrop.scene;

import java.util.SplittableRandom;

/**
 * Seeded 2-D gradient noise (Perlin-style: random unit gradients on an integer lattice, blended
 * with a quintic fade) and fractal sums of it. Output lies roughly in [-1, 1]. The lattice
 * repeats every 256 cells, far beyond any texture scale used here.
 */
final class Noise {

    private final int[] perm = new int[512];
    private final float[] gx = new float[256];
    private final float[] gy = new float[256];

    Noise(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] p = new int[256];
        for (int i = 0; i < 256; i++) {
            p[i] = i;
            double angle = random.nextDouble() * Math.PI * 2;
            gx[i] = (float) Math.cos(angle);
            gy[i] = (float) Math.sin(angle);
        }
        for (int i = 255; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        for (int i = 0; i < 512; i++) {
            perm[i] = p[i & 255];
        }
    }

    float at(float x, float y) {
        int xf = floor(x), yf = floor(y);
        float dx = x - xf, dy = y - yf;
        int xi = xf & 255, yi = yf & 255;
        int a = perm[xi] + yi, b = perm[xi + 1] + yi;
        int h00 = perm[a], h01 = perm[a + 1], h10 = perm[b], h11 = perm[b + 1];
        float n00 = gx[h00] * dx + gy[h00] * dy;
        float n10 = gx[h10] * (dx - 1) + gy[h10] * dy;
        float n01 = gx[h01] * dx + gy[h01] * (dy - 1);
        float n11 = gx[h11] * (dx - 1) + gy[h11] * (dy - 1);
        float u = fade(dx), v = fade(dy);
        float nx0 = n00 + (n10 - n00) * u;
        float nx1 = n01 + (n11 - n01) * u;
        return (nx0 + (nx1 - nx0) * v) * 1.41f;
    }

    /** Fractal sum of {@code octaves} layers, each twice the frequency and half the amplitude. */
    float fbm(float x, float y, int octaves) {
        float sum = 0f, amp = 0.5f, norm = 0f;
        for (int o = 0; o < octaves; o++) {
            sum += at(x, y) * amp;
            norm += amp;
            x = x * 2.03f + 17.1f;
            y = y * 2.03f + 5.7f;
            amp *= 0.5f;
        }
        return sum / norm;
    }

    /** Like {@link #fbm} but summing absolute values: sharp creases, the look of marble veins. */
    float turbulence(float x, float y, int octaves) {
        float sum = 0f, amp = 0.5f, norm = 0f;
        for (int o = 0; o < octaves; o++) {
            sum += Math.abs(at(x, y)) * amp;
            norm += amp;
            x = x * 2.03f + 17.1f;
            y = y * 2.03f + 5.7f;
            amp *= 0.5f;
        }
        return sum / norm;
    }

    /** A hash of integer coordinates mapped to [0, 1): cheap per-pixel grain and speckle. */
    static float hash(int x, int y, int salt) {
        int h = x * 374761393 + y * 668265263 + salt * 1274126177;
        h = (h ^ (h >>> 13)) * 1274126177;
        h ^= h >>> 16;
        return (h & 0xFFFFFF) / 16777216f;
    }

    private static final float[] SINE = new float[1025];

    static {
        for (int i = 0; i <= 1024; i++) {
            SINE[i] = (float) Math.sin(i * Math.PI * 2 / 1024);
        }
    }

    /** sin(2 pi t) from a table: stripes and weaves need millions of these per frame. */
    static float wave(float t) {
        float f = t * 1024f;
        int fi = floor(f);
        float frac = f - fi;
        int i = fi & 1023;
        return SINE[i] + (SINE[i + 1] - SINE[i]) * frac;
    }

    static int floor(float v) {
        int i = (int) v;
        return v < i ? i - 1 : i;
    }

    static float smoothstep(float e0, float e1, float x) {
        // Most calls land outside the ramp; they need no division.
        if (x <= e0) return 0f;
        if (x >= e1) return 1f;
        float t = (x - e0) / (e1 - e0);
        return t * t * (3 - 2 * t);
    }

    private static float fade(float t) {
        return t * t * t * (t * (t * 6 - 15) + 10);
    }
}
