package dev.backdrop.image;

import java.util.Objects;

/**
 * A decoded input: sRGB pixels, upright (EXIF orientation applied), with the format the bytes
 * were in and whether that source carried an alpha channel (opaque sources decode to alpha 255).
 */
public record DecodedImage(RgbaImage pixels, ImageFormat sourceFormat, boolean hasAlpha) {

    public DecodedImage {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(sourceFormat, "sourceFormat");
    }

    public int width() {
        return pixels.width();
    }

    public int height() {
        return pixels.height();
    }
}
