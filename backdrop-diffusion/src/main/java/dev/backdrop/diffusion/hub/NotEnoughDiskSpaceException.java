package dev.backdrop.diffusion.hub;

import java.nio.file.Path;

/** The files still to download do not fit on the model cache's disk; nothing was downloaded. */
public class NotEnoughDiskSpaceException extends HubException {

    public NotEnoughDiskSpaceException(String repo, Path folder, long needed, long usable) {
        this(repo, "the files still to download take", folder, needed, usable);
    }

    /** @param what what needs the space, and {@code takes} how, e.g. "the files still to download take" */
    public NotEnoughDiskSpaceException(String what, String takes, Path folder, long needed, long usable) {
        super("not enough disk space for " + what + ": " + takes + " " + ByteCount.format(needed)
                + " but only " + ByteCount.format(usable) + " are free at " + folder + "; free "
                + ByteCount.format(needed - usable) + " or more, or point BACKDROP_MODELS_DIR at a larger disk");
    }

    @Override
    public String code() {
        return "hub_not_enough_disk";
    }
}
