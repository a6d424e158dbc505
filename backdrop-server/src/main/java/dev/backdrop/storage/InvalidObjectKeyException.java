package dev.backdrop.storage;

import dev.backdrop.BackdropException;

/**
 * A storage key is not one Backdrop would ever have written: empty, absolute, with {@code ..} or
 * hidden segments, or with characters outside {@code A-Z a-z 0-9 . _ -} and {@code /}.
 */
public final class InvalidObjectKeyException extends BackdropException {

    public InvalidObjectKeyException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_file_key";
    }
}
