package dev.backdrop.request;

import dev.backdrop.pipeline.Pipeline;

/**
 * The ranges and defaults a replace request is held to, declared side by side so the difference
 * is visible: the seed route ({@code POST /v1/bg-replace}) keeps the bg-replace API's documented
 * ones exactly, so its clients see the verdicts they expect; the native API, jobs and the CLI
 * share the wider native ones. Everything else (the fields the seed does not cover) has one rule.
 */
public enum Ranges {

    /** The bg-replace API's documentation: samples 1–4, steps 20–100, guidance 1–25. */
    SEED(Bounds.of(1, 4, 1), Bounds.of(20, 100, 25), Bounds.of(1, 25, 7.5)),

    /** Backdrop's own: up to 16 samples, steps 1–150, guidance 0–30 (0 turns guidance off). */
    NATIVE(Bounds.of(1, 16, 1), Bounds.of(1, 150, 25), Bounds.of(0, 30, 7.5));

    /** The same for both: a seed of -1 picks one at random. */
    public static final Bounds SEED_VALUE = Bounds.of(-1, Pipeline.MAX_SEED, -1);
    public static final Bounds STRENGTH = Bounds.of(0, 1, 1);
    public static final Bounds CONTROLNET_WEIGHT = Bounds.of(0, 1, 0.9);
    public static final Bounds REFERENCE_WEIGHT = Bounds.of(0, 1, 0.5);

    private final Bounds samples;
    private final Bounds steps;
    private final Bounds guidance;

    Ranges(Bounds samples, Bounds steps, Bounds guidance) {
        this.samples = samples;
        this.steps = steps;
        this.guidance = guidance;
    }

    public Bounds samples() {
        return samples;
    }

    public Bounds steps() {
        return steps;
    }

    public Bounds guidance() {
        return guidance;
    }
}
