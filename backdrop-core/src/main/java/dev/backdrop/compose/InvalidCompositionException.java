package dev.backdrop.compose;

import dev.backdrop.InvalidInputException;

/** A composition setting that can't be honoured (bad padding, empty subject, unknown aspect); {@link #field()} names it. */
public final class InvalidCompositionException extends InvalidInputException {

    public InvalidCompositionException(String field, String message) {
        super(field, message);
    }

    @Override
    public String code() {
        return "invalid_composition";
    }
}
