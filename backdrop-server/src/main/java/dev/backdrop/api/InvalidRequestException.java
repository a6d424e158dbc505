package dev.backdrop.api;

import dev.backdrop.BackdropException;

/** A request field is missing, of the wrong type or out of range. */
public class InvalidRequestException extends BackdropException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field, as named in the API, or null when the whole body is at fault. */
    public String field() {
        return field;
    }

    @Override
    public String code() {
        return "invalid_request";
    }
}
