package dev.backdrop.image;

import dev.backdrop.BackdropException;

/** The bytes look like a known image format but cannot be decoded: empty, truncated or damaged. */
public final class CorruptImageException extends BackdropException {

    public CorruptImageException(String message) {
        super(message);
    }

    public CorruptImageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "undecodable_image";
    }
}
