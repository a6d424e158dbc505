package dev.backdrop.segment;

import java.nio.file.Path;

/**
 * How to feed one segmentation model: its file, the square input size, per-channel normalisation
 * {@code (x/255 - mean) / std} in RGB order, which output holds the mask and what that output holds.
 */
public record ModelProfile(String name, Path file, int inputSize, float[] mean, float[] std, int outputIndex,
                           MaskOutput output) {

    public ModelProfile {
        if (inputSize <= 0 || mean.length != 3 || std.length != 3 || outputIndex < 0 || output == null) {
            throw new IllegalArgumentException("invalid model profile " + name);
        }
    }

    /** ISNet (DIS) as published: 1024², {@code x/255 - 0.5}, first output, probabilities. */
    public static ModelProfile isnet(String name, Path file) {
        return new ModelProfile(name, file, 1024, new float[] {0.5f, 0.5f, 0.5f}, new float[] {1f, 1f, 1f}, 0,
                MaskOutput.PROBABILITIES);
    }
}
