package dev.backdrop.jobs;

import dev.backdrop.BackdropException;

/** An {@code Idempotency-Key} header that is empty, too long or not printable ASCII. Suggested HTTP status: 400. */
public final class InvalidIdempotencyKeyException extends BackdropException {

    public InvalidIdempotencyKeyException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_idempotency_key";
    }
}
