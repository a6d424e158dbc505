package dev.backdrop.diffusion.hub;

import java.time.Duration;

/**
 * How often a dropped download is resumed before giving up: {@code attempts} tries in a row without
 * a single new byte, waiting {@code pause} times the number of failures so far between them.
 */
public record RetryPolicy(int attempts, Duration pause) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(2));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
    }

    Duration pauseAfter(int failures) {
        return pause.multipliedBy(failures);
    }
}
