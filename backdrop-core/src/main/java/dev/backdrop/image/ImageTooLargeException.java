package dev.backdrop.image;

import dev.backdrop.BackdropException;

/** The image is over the configured byte or pixel limit; it was refused before decoding. */
public final class ImageTooLargeException extends BackdropException {

    public ImageTooLargeException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "image_too_large";
    }
}
