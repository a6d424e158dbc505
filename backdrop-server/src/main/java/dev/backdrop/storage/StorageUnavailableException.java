package dev.backdrop.storage;

import dev.backdrop.BackdropException;

/** The results folder or bucket could not be read or written (disk, network, bucket, credentials). */
public final class StorageUnavailableException extends BackdropException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageUnavailableException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "storage_unavailable";
    }
}
