package dev.backdrop.segment;

import dev.backdrop.image.Box;
import dev.backdrop.image.Crop;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbaImage;

/**
 * A subject cut out of a photo.
 *
 * @param image      decontaminated colours with the refined alpha, at the photo's size
 * @param mask       the refined alpha alone
 * @param box        the subject's bounding box (alpha above {@link #SUBJECT_THRESHOLD})
 * @param confidence how decisive the mask is, 0..1 (share of decisive pixels around the subject)
 */
public record Cutout(RgbaImage image, Mask mask, Box box, double confidence) {

    /** Alpha above which a pixel counts as part of the subject for its bounding box. */
    public static final float SUBJECT_THRESHOLD = 0.05f;

    public boolean isEmpty() {
        return box.isEmpty();
    }

    /** The same cut-out cropped to its bounding box (unchanged when the subject is empty). */
    public Cutout cropped() {
        if (box.isEmpty()) {
            return this;
        }
        return new Cutout(Crop.of(image, box), Crop.of(mask, box),
                new Box(0, 0, box.width(), box.height()), confidence);
    }
}
