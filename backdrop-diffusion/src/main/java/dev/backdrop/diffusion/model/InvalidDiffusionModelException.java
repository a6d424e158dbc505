package dev.backdrop.diffusion.model;

import dev.backdrop.BackdropException;

/**
 * A diffusion model folder is incomplete or inconsistent (a file is missing, a graph lacks an
 * input, two parts disagree on a size), or cannot be loaded. Raised at start-up, before any
 * request is served; the message names the file and what is wrong.
 */
public final class InvalidDiffusionModelException extends BackdropException {

    public InvalidDiffusionModelException(String message) {
        super(message);
    }

    public InvalidDiffusionModelException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "invalid_diffusion_model";
    }
}
