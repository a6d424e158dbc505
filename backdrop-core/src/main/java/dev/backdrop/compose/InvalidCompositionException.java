package dev.backdrop.compose;

import dev.backdrop.BackdropException;

/** A composition setting that can't be honoured (bad padding, empty subject, unknown aspect); {@link #field()} names it. */
public final class InvalidCompositionException extends BackdropException {

    private final String field;

    public InvalidCompositionException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    @Override
    public String code() {
        return "invalid_composition";
    }
}
