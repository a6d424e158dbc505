package dev.backdrop.background;

import dev.backdrop.InvalidInputException;

/** A background request whose fields are out of range or inconsistent; {@link #field()} names the culprit. */
public final class InvalidBackgroundRequestException extends InvalidInputException {

    public InvalidBackgroundRequestException(String field, String message) {
        super(field, message);
    }

    @Override
    public String code() {
        return "invalid_background_request";
    }
}
