package dev.backdrop.service;

import dev.backdrop.BackdropException;

/** The server is still loading its models. */
public class NotReadyException extends BackdropException {

    public NotReadyException() {
        this("the server is still loading its models; retry in a few seconds");
    }

    public NotReadyException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "not_ready";
    }
}
