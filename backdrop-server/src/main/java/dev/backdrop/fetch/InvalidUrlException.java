package dev.backdrop.fetch;

import dev.backdrop.InvalidInputException;

/** Text given as an input URL is not an absolute URL. Maps to HTTP 400. */
public final class InvalidUrlException extends InvalidInputException {

    public InvalidUrlException(String message) {
        super(null, message);
    }

    private InvalidUrlException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    /** The same error, naming the request field whose URL it was. */
    public InvalidUrlException inField(String field) {
        return new InvalidUrlException(field, getMessage(), this);
    }

    @Override
    public String code() {
        return "invalid_url";
    }
}
