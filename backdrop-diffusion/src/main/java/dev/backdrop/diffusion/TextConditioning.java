package dev.backdrop.diffusion;

import java.util.Arrays;

/** A prompt's conditioning: hidden states {@code [tokens, width]} and, for SDXL, the pooled embedding. */
record TextConditioning(float[] hidden, int tokens, int width, float[] pooled) {

    /** These tokens followed by {@code extra} ({@code n × width} values). */
    TextConditioning append(float[] extra) {
        float[] joined = Arrays.copyOf(hidden, hidden.length + extra.length);
        System.arraycopy(extra, 0, joined, hidden.length, extra.length);
        return new TextConditioning(joined, tokens + extra.length / width, width, pooled);
    }
}
