package dev.backdrop.image;

import dev.backdrop.BackdropException;

/** Encoding our own pixels failed; this is a fault of the server, not of the caller's input. */
public final class ImageEncodingException extends BackdropException {

    public ImageEncodingException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "encoding_failed";
    }
}
