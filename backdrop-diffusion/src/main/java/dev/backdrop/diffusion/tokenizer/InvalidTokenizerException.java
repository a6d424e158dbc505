package dev.backdrop.diffusion.tokenizer;

import dev.backdrop.BackdropException;

/** A model's tokenizer files are missing or malformed. */
public final class InvalidTokenizerException extends BackdropException {

    public InvalidTokenizerException(String message) {
        super(message);
    }

    public InvalidTokenizerException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "invalid_tokenizer";
    }
}
