package dev.backdrop.compose;

/**
 * How faithfully a result shows the product, measured on the product region against the input.
 *
 * @param meanDeltaE2000 mean CIEDE2000 colour difference per product pixel; 0 is identical, under 1 is invisible
 * @param ssim           structural similarity of the product's luminance, 1 is identical
 * @param pixels         product pixels measured
 */
public record Fidelity(double meanDeltaE2000, double ssim, int pixels) {
}
