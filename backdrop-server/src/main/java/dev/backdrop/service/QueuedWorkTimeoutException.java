package dev.backdrop.service;

import dev.backdrop.BackdropException;
import java.time.Duration;

/** No worker finished a synchronous request's job in time; the job was given up and refunded. */
public final class QueuedWorkTimeoutException extends BackdropException {

    static final String CODE = "queue_timeout";

    public QueuedWorkTimeoutException(Duration waited) {
        super("no worker finished this request within " + waited.toSeconds() + " s (are the workers running?);"
                + " it was given up and refunded, retry later");
    }

    @Override
    public String code() {
        return CODE;
    }
}
