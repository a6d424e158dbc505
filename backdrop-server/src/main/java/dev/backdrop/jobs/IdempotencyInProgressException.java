package dev.backdrop.jobs;

import dev.backdrop.BackdropException;

/**
 * The first request with this {@code Idempotency-Key} is still running. Suggested HTTP status: 409
 * (as in the IETF Idempotency-Key header draft); retry after it finishes.
 */
public final class IdempotencyInProgressException extends BackdropException {

    public IdempotencyInProgressException(String key) {
        super("A request with the Idempotency-Key '" + key + "' is still being processed; retry in a moment.");
    }

    @Override
    public String code() {
        return "idempotency_key_in_progress";
    }
}
