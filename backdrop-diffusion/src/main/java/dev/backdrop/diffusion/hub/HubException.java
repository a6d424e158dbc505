package dev.backdrop.diffusion.hub;

import dev.backdrop.model.ModelUnavailableException;

/** A model could not be fetched from the hub; each subclass names one cause and its message says what to do. */
public abstract class HubException extends ModelUnavailableException {

    protected HubException(String message) {
        super(message);
    }

    protected HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
