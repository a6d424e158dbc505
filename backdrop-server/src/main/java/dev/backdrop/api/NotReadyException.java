package dev.backdrop.api;

import dev.backdrop.BackdropException;

/** The server is still loading its models. */
public class NotReadyException extends BackdropException {

    public NotReadyException() {
        super("the server is still loading its models; retry in a few seconds");
    }

    @Override
    public String code() {
        return "not_ready";
    }
}
