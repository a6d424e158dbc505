package dev.backdrop.model;

import dev.backdrop.BackdropException;

/** A model could not be fetched, assembled or verified; the message says what to do. */
public class ModelUnavailableException extends BackdropException {

    public ModelUnavailableException(String message) {
        super(message);
    }

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "model_unavailable";
    }
}
