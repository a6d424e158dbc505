package dev.backdrop.jobs;

import dev.backdrop.BackdropException;

/**
 * An {@code Idempotency-Key} was used before with a different request (method, path or body).
 * Suggested HTTP status: 422, as in the IETF Idempotency-Key header draft.
 */
public final class IdempotencyConflictException extends BackdropException {

    public IdempotencyConflictException(String key) {
        super("The Idempotency-Key '" + key + "' was already used with a different request; use a new key for a new request.");
    }

    @Override
    public String code() {
        return "idempotency_key_reused";
    }
}
