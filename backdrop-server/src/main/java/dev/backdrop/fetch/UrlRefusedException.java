package dev.backdrop.fetch;

/**
 * An input URL Backdrop will not fetch: a scheme other than http or https, a user name or password
 * in it, or a host that is (or resolves to) an address that is not public. Maps to HTTP 400.
 */
public final class UrlRefusedException extends UrlException {

    public UrlRefusedException(String message) {
        super(null, message, null);
    }

    private UrlRefusedException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    @Override
    public UrlRefusedException inField(String field) {
        return new UrlRefusedException(field, getMessage(), this);
    }

    @Override
    public String code() {
        return "url_not_allowed";
    }
}
