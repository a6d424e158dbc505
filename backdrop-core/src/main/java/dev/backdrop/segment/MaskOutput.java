package dev.backdrop.segment;

/** What a segmentation model's mask output holds, and how it becomes alpha. */
public enum MaskOutput {

    /** Coverage in [0, 1] (ISNet); values a little outside are clamped. */
    PROBABILITIES {
        @Override
        float alpha(float value) {
            return Math.max(0f, Math.min(1f, value));
        }
    },

    /** Raw scores before a sigmoid (BiRefNet- and BEN2-class exports). */
    LOGITS {
        @Override
        float alpha(float value) {
            return (float) (1 / (1 + Math.exp(-value)));
        }
    };

    abstract float alpha(float value);
}
