package dev.backdrop.diffusion.model;

import dev.backdrop.BackdropException;

/**
 * ONNX Runtime failed while running a graph of a loaded model (out of memory, a shape the graph
 * rejects). A server error (HTTP 500): the request was valid.
 */
public final class DiffusionRunException extends BackdropException {

    public DiffusionRunException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "diffusion_failed";
    }
}
