package dev.backdrop.service;

import dev.backdrop.BackdropException;

/**
 * A synchronous request's queued job failed on a worker: the worker's error code and message,
 * answered with the status that code has everywhere (see {@code ErrorStatus}). The job was refunded.
 */
public final class QueuedWorkFailedException extends BackdropException {

    private final String code;

    public QueuedWorkFailedException(String code, String message) {
        super(message);
        this.code = code == null ? "internal_error" : code;
    }

    @Override
    public String code() {
        return code;
    }
}
