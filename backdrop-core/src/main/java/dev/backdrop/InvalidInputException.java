package dev.backdrop;

/**
 * The family of errors about what a caller sent: a field missing, of the wrong type, out of range
 * or inconsistent with another. {@link #field()} names the culprit as the API names it, so every
 * entrance (HTTP, jobs, CLI) can point at it; the HTTP layer answers all of them with 400.
 */
public abstract class InvalidInputException extends BackdropException {

    private final String field;

    protected InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    protected InvalidInputException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The offending field, as named in the API, or null when the whole input is at fault. */
    public String field() {
        return field;
    }
}
