package dev.backdrop.jobs;

import dev.backdrop.BackdropException;

/**
 * A worker tried to move a job that is not in the state the move needs (completing a job that
 * already failed, say). A programming or race problem on the worker side; suggested HTTP status: 409.
 */
public final class JobStateException extends BackdropException {

    public JobStateException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "job_state_conflict";
    }
}
