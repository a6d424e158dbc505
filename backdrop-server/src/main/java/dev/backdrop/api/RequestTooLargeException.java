package dev.backdrop.api;

import dev.backdrop.BackdropException;

/** The request body is over the server's limit. */
public class RequestTooLargeException extends BackdropException {

    public RequestTooLargeException(long size, long limit) {
        super("the request body is " + size + " bytes; the limit is " + limit + " bytes");
    }

    @Override
    public String code() {
        return "request_too_large";
    }
}
