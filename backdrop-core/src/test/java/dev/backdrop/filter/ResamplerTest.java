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
}
