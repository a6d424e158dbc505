package dev.backdrop.service;

import java.util.Map;

/**
 * A synchronous cut-out in the form {@code POST /v1/cutout} was asked for: the image (the order's
 * format, with alpha), the mask (gray PNG) or the stored files' URLs with what was found
 * ({@code image_url}, {@code mask_url}, {@code width}, {@code height}, {@code confidence},
 * {@code box}). Only that form is made; the others are null.
 */
public record CutoutAnswer(byte[] image, byte[] mask, Map<String, Object> published) {

    /** The forms of answer {@code output} picks. */
    public enum Form { IMAGE, MASK, JSON }

    static CutoutAnswer image(byte[] image) {
        return new CutoutAnswer(image, null, null);
    }

    static CutoutAnswer mask(byte[] mask) {
        return new CutoutAnswer(null, mask, null);
    }

    static CutoutAnswer published(Map<String, Object> published) {
        return new CutoutAnswer(null, null, published);
    }
}
