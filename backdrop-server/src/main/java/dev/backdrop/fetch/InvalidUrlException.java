package dev.backdrop.fetch;

/** Text given as an input URL is not an absolute URL. Maps to HTTP 400. */
public final class InvalidUrlException extends UrlException {

    public InvalidUrlException(String message) {
        super(null, message, null);
    }

    private InvalidUrlException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    @Override
    public InvalidUrlException inField(String field) {
        return new InvalidUrlException(field, getMessage(), this);
    }

    @Override
    public String code() {
        return "invalid_url";
    }
}
