package dev.backdrop.service;

import java.util.Map;

/**
 * A synchronous cut-out in the forms {@code POST /v1/cutout} answers: the image (the order's
 * format, with alpha), the mask (gray PNG) or the stored files' URLs with what was found
 * ({@code image_url}, {@code mask_url}, {@code width}, {@code height}, {@code confidence}, {@code box}).
 * Only the form asked for is produced.
 */
public interface CutoutAnswer {

    byte[] image();

    byte[] mask();

    Map<String, Object> published();
}
