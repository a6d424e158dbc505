package dev.backdrop.request;

import dev.backdrop.InvalidInputException;

/** A request field is missing, of the wrong type or out of range. */
public class InvalidRequestException extends InvalidInputException {

    public InvalidRequestException(String field, String message) {
        super(field, message);
    }

    @Override
    public String code() {
        return "invalid_request";
    }
}
