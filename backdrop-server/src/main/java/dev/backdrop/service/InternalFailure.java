package dev.backdrop.service;

import dev.backdrop.BackdropException;

/** An unexpected failure of one item of a batch, reported without internal details. */
final class InternalFailure extends BackdropException {

    InternalFailure(Throwable cause) {
        super("this image could not be processed because of a server fault", cause);
    }

    @Override
    public String code() {
        return "internal_error";
    }
}
