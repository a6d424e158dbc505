package dev.backdrop.segment;

import dev.backdrop.BackdropException;

/** The descriptor beside an operator's model file cannot be read or says something impossible. */
public class ModelDescriptorException extends BackdropException {

    public ModelDescriptorException(String message) {
        super(message);
    }

    public ModelDescriptorException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "invalid_model_descriptor";
    }
}
