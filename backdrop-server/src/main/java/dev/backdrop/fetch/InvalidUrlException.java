package dev.backdrop.fetch;

import dev.backdrop.BackdropException;

/** Text given as an input URL is not an absolute URL. Maps to HTTP 400. */
public final class InvalidUrlException extends BackdropException {

    public InvalidUrlException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_url";
    }
}
