package dev.backdrop.diffusion.scheduler;

import dev.backdrop.InvalidInputException;

/** A request names a scheduler that does not exist. */
public final class UnknownSchedulerException extends InvalidInputException {

    public UnknownSchedulerException(String message) {
        super("scheduler", message);
    }

    @Override
    public String code() {
        return "unknown_scheduler";
    }
}
