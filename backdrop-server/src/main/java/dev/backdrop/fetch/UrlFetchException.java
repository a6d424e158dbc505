package dev.backdrop.fetch;

import dev.backdrop.BackdropException;

/**
 * An allowed input URL could not be fetched: the host did not resolve or answer, it timed out, it
 * answered with an error status, or it redirected too often. Maps to HTTP 400.
 */
public final class UrlFetchException extends BackdropException {

    public UrlFetchException(String message) {
        super(message);
    }

    public UrlFetchException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "url_fetch_failed";
    }
}
