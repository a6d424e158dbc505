package dev.backdrop.compose;

import dev.backdrop.image.RgbImage;

/** A finished image with its fidelity score and, when asked for, its layers (else null). */
public record Composite(RgbImage image, Fidelity fidelity, Layers layers) {
}
