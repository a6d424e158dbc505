package dev.backdrop.api;

import dev.backdrop.BackdropException;

/** Nothing lives at the requested path or id. */
public class NotFoundException extends BackdropException {

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "not_found";
    }
}
