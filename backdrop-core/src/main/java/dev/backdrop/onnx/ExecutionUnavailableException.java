package dev.backdrop.onnx;

import dev.backdrop.BackdropException;

/** ONNX Runtime cannot be set up as asked (most often: a CUDA device without the libraries it needs). */
public final class ExecutionUnavailableException extends BackdropException {

    public ExecutionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "execution_unavailable";
    }
}
