package dev.backdrop.service;

import java.util.List;

/**
 * What a synchronous bg-replace made, in the shape the seed answers it.
 *
 * @param upscaled the largest enlargement of the product worth a warning (see {@code Staging}), or 0
 */
public record ReplaceAnswer(List<Sample> samples, double upscaled) {

    /** One sample: its JPEG, its seed and the prompt's reading in one line (null without one). */
    public record Sample(byte[] jpeg, long seed, String promptReading) {
    }
}
