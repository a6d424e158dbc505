package dev.backdrop.background;

import dev.backdrop.BackdropException;

/** A background request whose fields are out of range or inconsistent; {@link #field()} names the culprit. */
public final class InvalidBackgroundRequestException extends BackdropException {

    private final String field;

    public InvalidBackgroundRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    @Override
    public String code() {
        return "invalid_background_request";
    }
}
