package dev.backdrop.image;

import dev.backdrop.BackdropException;

/** The bytes are not an image in a format Backdrop reads (e.g. a text file named {@code .png}). */
public final class UnsupportedImageException extends BackdropException {

    public UnsupportedImageException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "unsupported_image";
    }
}
