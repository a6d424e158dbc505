package dev.backdrop.accounts;

import dev.backdrop.BackdropException;

/**
 * An operator named a key (by its text, id or prefix) that does not exist or is ambiguous.
 * Used by the key administration commands; suggested HTTP status if it ever reaches one: 404.
 */
public final class ApiKeyNotFoundException extends BackdropException {

    public ApiKeyNotFoundException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "api_key_not_found";
    }
}
