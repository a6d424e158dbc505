package dev.backdrop;

/**
 * Root of every error Backdrop reports to a user. Each subclass names one problem and carries a
 * stable machine-readable code; the HTTP layer maps subclasses to status codes in one place.
 */
public abstract class BackdropException extends RuntimeException {

    protected BackdropException(String message) {
        super(message);
    }

    protected BackdropException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A stable, snake_case code for machines (e.g. {@code image_too_large}). */
    public abstract String code();
}
