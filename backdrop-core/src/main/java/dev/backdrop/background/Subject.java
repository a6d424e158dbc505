package dev.backdrop.background;

import dev.backdrop.image.Box;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;

/**
 * The product as it will sit on the canvas: the (placed) photo, its coverage mask and the
 * product's bounding box, all in canvas coordinates, and the product's own colours where the mask
 * is partial ({@code foreground}: the cut-out's decontaminated colours, free of the old
 * background, which composition blends onto the new one). Pixels outside the mask are the photo's
 * original background (beyond the photo's own edges, its mean border colour), which generators may
 * keep a share of.
 */
public record Subject(RgbImage image, Mask mask, Box box, RgbImage foreground) {

    public Subject {
        if (image.width() != mask.width() || image.height() != mask.height()) {
            throw new IllegalArgumentException("subject image " + image.width() + "x" + image.height()
                    + " and mask " + mask.width() + "x" + mask.height() + " differ in size");
        }
        if (foreground.width() != image.width() || foreground.height() != image.height()) {
            throw new IllegalArgumentException("subject foreground " + foreground.width() + "x" + foreground.height()
                    + " and image " + image.width() + "x" + image.height() + " differ in size");
        }
    }

    /** A subject whose edge colours are the photo's own (a drawn or already clean product). */
    public Subject(RgbImage image, Mask mask, Box box) {
        this(image, mask, box, image);
    }

    /** A subject whose box is measured from its mask (coverage at least one half). */
    public static Subject of(RgbImage image, Mask mask) {
        return new Subject(image, mask, Box.of(mask, 0.5f));
    }

    public int width() {
        return image.width();
    }

    public int height() {
        return image.height();
    }
}
