package dev.backdrop.storage;

import dev.backdrop.BackdropException;

/** {@code GET /files/...} asked for a key that holds nothing (never stored, or deleted). */
public final class FileNotStoredException extends BackdropException {

    public FileNotStoredException(String key) {
        super("No stored file at '" + key + "'.");
    }

    @Override
    public String code() {
        return "file_not_found";
    }
}
