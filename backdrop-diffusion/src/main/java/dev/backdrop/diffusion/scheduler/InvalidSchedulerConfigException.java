package dev.backdrop.diffusion.scheduler;

import dev.backdrop.BackdropException;

/** A model's {@code scheduler_config.json} cannot be read or asks for something unsupported. */
public final class InvalidSchedulerConfigException extends BackdropException {

    public InvalidSchedulerConfigException(String message) {
        super(message);
    }

    public InvalidSchedulerConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "invalid_scheduler_config";
    }
}
