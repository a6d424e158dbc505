package dev.backdrop.api;

import dev.backdrop.BackdropException;

/** The server cannot listen on the address it was given: the port is taken, or the host is not this machine's. */
public final class ListenerUnavailableException extends BackdropException {

    public ListenerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "listener_unavailable";
    }
}
