package dev.backdrop.segment;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;

/** Finds the subject of a photo: returns its coverage at the photo's own resolution. */
@FunctionalInterface
public interface Segmenter {

    Mask segment(RgbImage image);
}
