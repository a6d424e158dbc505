package dev.backdrop.diffusion;

/** Hears each denoising step as it finishes, for job progress. */
@FunctionalInterface
public interface StepListener {

    StepListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} steps are finished (for this request, all samples together). */
    void step(int done, int total);

    /** This listener, then {@code next}, for every step. */
    default StepListener andThen(StepListener next) {
        return (done, total) -> {
            step(done, total);
            next.step(done, total);
        };
    }
}
