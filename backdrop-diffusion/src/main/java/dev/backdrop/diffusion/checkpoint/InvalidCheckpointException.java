package dev.backdrop.diffusion.checkpoint;

import dev.backdrop.BackdropException;

/**
 * A checkpoint cannot be converted: a file is truncated or its header is malformed, a tensor is
 * missing, unknown, of an unsupported type or of the wrong shape, or the checkpoint belongs to
 * another model family. The message names the file and the tensor.
 */
public final class InvalidCheckpointException extends BackdropException {

    public InvalidCheckpointException(String message) {
        super(message);
    }

    public InvalidCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "invalid_checkpoint";
    }
}
