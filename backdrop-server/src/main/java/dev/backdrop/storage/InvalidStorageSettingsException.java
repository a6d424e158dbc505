package dev.backdrop.storage;

import dev.backdrop.BackdropException;

/** A {@code --storage} spec or {@code --public-url} cannot be used; the message names the accepted forms. */
public final class InvalidStorageSettingsException extends BackdropException {

    public InvalidStorageSettingsException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_storage_settings";
    }
}
