package dev.backdrop.server;

import dev.backdrop.BackdropException;

/** A job lease ({@code --job-lease} or {@code BACKDROP_JOB_LEASE_SECONDS}) outside 1..3600 seconds; the message names where it came from. */
public final class InvalidJobLeaseException extends BackdropException {

    public InvalidJobLeaseException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_job_lease";
    }
}
