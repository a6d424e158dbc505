package dev.backdrop.cli;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.segment.Segmenter;

/**
 * Segments a photo once when it is replaced many times in a row (one photo, many prompts): the
 * mask of the last photo object is kept and handed out as a copy, since the cut-out refines it in place.
 */
final class LastPhotoSegmenter implements Segmenter {

    private final Segmenter segmenter;
    private RgbImage lastPhoto;
    private Mask lastMask;

    LastPhotoSegmenter(Segmenter segmenter) {
        this.segmenter = segmenter;
    }

    @Override
    public synchronized Mask segment(RgbImage image) {
        if (image != lastPhoto) {
            lastMask = segmenter.segment(image);
            lastPhoto = image;
        }
        return new Mask(lastMask.width(), lastMask.height(), lastMask.alpha().clone());
    }
}
