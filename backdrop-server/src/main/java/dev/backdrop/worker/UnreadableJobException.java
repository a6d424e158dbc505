package dev.backdrop.worker;

import dev.backdrop.BackdropException;

/**
 * A queued job's request cannot be read, e.g. one queued by an earlier version whose request
 * shape has changed: the job fails (and is refunded) instead of stopping the worker.
 */
public final class UnreadableJobException extends BackdropException {

    public UnreadableJobException(String jobId, Throwable cause) {
        super("job " + jobId + " was queued in a form this version cannot read; submit it again", cause);
    }

    @Override
    public String code() {
        return "job_unreadable";
    }
}
