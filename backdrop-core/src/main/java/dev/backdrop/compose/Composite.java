package dev.backdrop.compose;

/**
 * A finished image with its fidelity score and, when asked for, its layers (else null).
 */
public record Composite(dev.backdrop.image.RgbImage image, Fidelity fidelity, Layers layers) {
}
