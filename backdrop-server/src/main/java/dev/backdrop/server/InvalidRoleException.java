package dev.backdrop.server;

import dev.backdrop.BackdropException;

/** {@code --role api} or {@code worker} without a shared database and shared storage. */
public final class InvalidRoleException extends BackdropException {

    public InvalidRoleException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_role";
    }
}
