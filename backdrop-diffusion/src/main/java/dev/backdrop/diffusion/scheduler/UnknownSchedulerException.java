package dev.backdrop.diffusion.scheduler;

import dev.backdrop.BackdropException;

/** A request names a scheduler that does not exist. */
public final class UnknownSchedulerException extends BackdropException {

    public UnknownSchedulerException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "unknown_scheduler";
    }
}
