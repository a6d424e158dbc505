package dev.backdrop.accounts;

import dev.backdrop.BackdropException;

/** An operator endpoint ({@code /admin/v1}, {@code /metrics}) asked without its bearer token, or with a wrong one. HTTP 401. */
public final class InvalidAccessTokenException extends BackdropException {

    public InvalidAccessTokenException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_access_token";
    }
}
