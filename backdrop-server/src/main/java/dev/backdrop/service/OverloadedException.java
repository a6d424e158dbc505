package dev.backdrop.service;

import dev.backdrop.BackdropException;

/** The work queue is full; the client should retry after {@link #retryAfterSeconds()}. */
public class OverloadedException extends BackdropException {

    private final int retryAfterSeconds;

    public OverloadedException(int retryAfterSeconds) {
        super("the server is busy with other images; retry in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String code() {
        return "overloaded";
    }
}
