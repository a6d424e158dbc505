package dev.backdrop.jobs;

import dev.backdrop.BackdropException;

/** No job with this id belongs to the caller's account. Suggested HTTP status: 404. */
public final class JobNotFoundException extends BackdropException {

    public JobNotFoundException(String jobId) {
        super("No job '" + jobId + "' was found for this API key's account.");
    }

    @Override
    public String code() {
        return "job_not_found";
    }
}
