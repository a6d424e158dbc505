package dev.backdrop.scene;

/**
 * Hears how much of one background a source has made while it works, so a slow generator (a
 * denoising loop) can move a job's progress within a sample rather than only after it.
 */
@FunctionalInterface
public interface BackgroundProgress {

    BackgroundProgress NONE = share -> { };

    /** {@code share} of this background is made, 0..1. */
    void made(double share);
}
