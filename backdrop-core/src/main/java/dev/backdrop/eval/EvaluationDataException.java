package dev.backdrop.eval;

import dev.backdrop.BackdropException;

/** The photos and masks to evaluate on do not fit together (a missing mask, a size that differs). */
public class EvaluationDataException extends BackdropException {

    public EvaluationDataException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_evaluation_data";
    }
}
