package dev.backdrop.fetch;

import dev.backdrop.BackdropException;

/**
 * An input URL Backdrop will not fetch: a scheme other than http or https, a user name or password
 * in it, or a host that is (or resolves to) an address that is not public. Maps to HTTP 400.
 */
public final class UrlRefusedException extends BackdropException {

    public UrlRefusedException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "url_not_allowed";
    }
}
