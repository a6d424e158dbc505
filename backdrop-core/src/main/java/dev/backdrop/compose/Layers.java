package dev.backdrop.compose;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.image.RgbaImage;

/**
 * A result taken apart, for users who finish images in an editor.
 *
 * @param cutout     the product with its alpha (edge colours cleaned of the old background)
 * @param shadow     the shadows as black with alpha
 * @param background the background before shadows and reflection
 * @param mask       the product's coverage
 * @param composite  the finished image
 */
public record Layers(RgbaImage cutout, RgbaImage shadow, RgbImage background, Mask mask, RgbImage composite) {
}
