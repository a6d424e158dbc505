package dev.backdrop.fetch;

/**
 * An allowed input URL could not be fetched: the host did not resolve or answer, it timed out, it
 * answered with an error status, or it redirected too often. Maps to HTTP 400.
 */
public final class UrlFetchException extends UrlException {

    public UrlFetchException(String message) {
        super(null, message, null);
    }

    public UrlFetchException(String message, Throwable cause) {
        super(null, message, cause);
    }

    private UrlFetchException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    @Override
    public UrlFetchException inField(String field) {
        return new UrlFetchException(field, getMessage(), this);
    }

    @Override
    public String code() {
        return "url_fetch_failed";
    }
}
