package dev.backdrop.image;

import dev.backdrop.InvalidInputException;

/**
 * A result wider or taller than its format can hold (WebP: 16383 pixels a side, JPEG: 65535): the
 * caller chose the format, so it is their input that cannot be honoured, and another format can.
 */
public final class ImageTooLargeForFormatException extends InvalidInputException {

    public ImageTooLargeForFormatException(ImageFormat format, int width, int height) {
        super("format", format.name() + " holds at most " + format.maxSide() + " pixels a side and this result is "
                + width + "x" + height + "; ask for png, or a smaller size");
    }

    @Override
    public String code() {
        return "image_too_large_for_format";
    }
}
