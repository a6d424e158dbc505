package dev.backdrop.accounts;

import dev.backdrop.BackdropException;

/** No key, an unknown key or a revoked key. Suggested HTTP status: 401. */
public final class InvalidApiKeyException extends BackdropException {

    public InvalidApiKeyException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_api_key";
    }
}
