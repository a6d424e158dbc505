package dev.backdrop.cli;

import dev.backdrop.BackdropException;

/**
 * A diffusion model was asked for, but this build has no diffusion generator yet: backgrounds
 * come from the procedural scenes only. (Over HTTP this would be 501 Not Implemented.)
 */
final class DiffusionUnavailableException extends BackdropException {

    DiffusionUnavailableException(String option) {
        super(option + ": diffusion backgrounds are not available in this version of Backdrop yet;"
                + " leave out " + option + " to use the built-in procedural scenes");
    }

    @Override
    public String code() {
        return "diffusion_unavailable";
    }
}
