package dev.backdrop.diffusion.hub;

import java.time.Duration;

/**
 * How a download copes with a bad link: a body that sends nothing for {@code stall} counts as a
 * dropped connection; a dropped one is resumed up to {@code attempts} times in a row without a single
 * new byte, waiting {@code pause} times the number of failures so far between tries.
 */
public record RetryPolicy(int attempts, Duration pause, Duration stall) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(60));

    public RetryPolicy {
        if (attempts < 1 || stall.isNegative() || stall.isZero()) {
            throw new IllegalArgumentException("at least one attempt and a positive stall time");
        }
    }

    Duration pauseAfter(int failures) {
        return pause.multipliedBy(failures);
    }
}
