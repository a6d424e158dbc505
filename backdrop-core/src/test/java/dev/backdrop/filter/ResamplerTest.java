package dev.backdrop.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    @Test
    void constantPlanesStayConstant() {
        float[] plane = new float[13 * 7];
        java.util.Arrays.fill(plane, 0.25f);
        for (Resampler r : Resampler.values()) {
            for (float v : r.resize(plane, 13, 7, 40, 3)) {
                assertThat(v).isCloseTo(0.25f, offset(1e-5f));
            }
        }
    }

    @Test
    void bilinearUpscaleKeepsALinearRamp() {
        float[] ramp = {0, 1, 2, 3};
        float[] up = Resampler.BILINEAR.resize(ramp, 4, 1, 8, 1);
        // Output pixel centres map to input positions -0.25, 0.25, 0.75, ...: interior ones are on the ramp.
        for (int i = 1; i < 7; i++) {
            assertThat(up[i]).isCloseTo((i + 0.5f) / 2 - 0.5f, offset(1e-5f));
        }
    }

    @Test
    void downscalingAveragesInsteadOfSkipping() {
        int n = 64;
        float[] stripes = new float[n * n];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = (i % n) % 2;
        }
        for (Resampler r : Resampler.values()) {
            for (float v : r.resize(stripes, n, n, 8, 8)) {
                assertThat(v).as(r.name()).isCloseTo(0.5f, offset(0.05f));
            }
        }
    }

    @Test
    void rowOrderAndBandsGiveTheColumnWalkBitForBit() {
        int w = 333, h = 251;
        float[] plane = new float[w * h];
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < plane.length; i++) {
            plane[i] = random.nextFloat() * 255f;
        }
        int[][] sizes = {{1024, 1024}, {97, 61}, {w, 700}, {1500, 40}};
        for (Resampler r : Resampler.values()) {
            for (int[] size : sizes) {
                assertThat(r.resize(plane, w, h, size[0], size[1])).as("%s to %dx%d", r, size[0], size[1])
                        .isEqualTo(columnWalk(r, plane, w, h, size[0], size[1]));
            }
        }
    }

    /** The separable resize as one thread does it: each row, then down each column, one output at a time. */
    private static float[] columnWalk(Resampler r, float[] plane, int w, int h, int nw, int nh) {
        float[] rows = new float[nw * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < nw; x++) {
                rows[y * nw + x] = tap(r, plane, y * w, 1, w, nw, x);
            }
        }
        float[] out = new float[nw * nh];
        for (int x = 0; x < nw; x++) {
            for (int y = 0; y < nh; y++) {
                out[y * nw + x] = tap(r, rows, x, nw, h, nh, y);
            }
        }
        return out;
    }

    /** Output {@code i} of {@code out} from a line of {@code in} samples: kernel stretched when reducing, weights normalised. */
    private static float tap(Resampler r, float[] src, int offset, int stride, int in, int out, int i) {
        double scale = (double) out / in;
        double stretch = scale < 1 ? 1 / scale : 1;
        double radius = (r == Resampler.BILINEAR ? 1.0 : 2.0) * stretch;
        double center = (i + 0.5) / scale - 0.5;
        int lo = Math.max(0, (int) Math.floor(center - radius));
        int hi = Math.min(in - 1, (int) Math.ceil(center + radius));
        float[] weights = new float[hi - lo + 1];
        double total = 0;
        for (int s = lo; s <= hi; s++) {
            double v = r.weight((s - center) / stretch);
            weights[s - lo] = (float) v;
            total += v;
        }
        float sum = 0;
        for (int k = 0; k < weights.length; k++) {
            sum += src[offset + (lo + k) * stride] * (weights[k] / (float) total);
        }
        return sum;
    }

    @Test
    void packedChannelsResizeAsTheirPlanesDoBitForBit() {
        int w = 97, h = 61;
        int[] px = new int[w * h];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < px.length; i++) {
            px[i] = random.nextInt();
        }
        int[][] sizes = {{31, 17}, {250, 130}, {w, h}, {40, 90}};
        for (Resampler r : Resampler.values()) {
            for (int[] size : sizes) {
                float[][] channels = r.resizeChannels(px, w, h, size[0], size[1]);
                for (int c = 0; c < 3; c++) {
                    float[] plane = new float[px.length];
                    for (int i = 0; i < px.length; i++) {
                        plane[i] = (px[i] >> (16 - 8 * c)) & 0xFF;
                    }
                    assertThat(channels[c]).as("%s, channel %d, %dx%d", r, c, size[0], size[1])
                            .isEqualTo(r.resize(plane, w, h, size[0], size[1]));
                }
            }
        }
    }
}
