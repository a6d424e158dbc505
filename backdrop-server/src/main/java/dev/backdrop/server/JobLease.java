package dev.backdrop.server;

import dev.backdrop.worker.JobWorker;
import java.time.Duration;
import java.util.Map;

/**
 * How long a worker holds a job before another may run it (the worker died or lost the database):
 * {@code backdrop serve --job-lease}, else {@code BACKDROP_JOB_LEASE_SECONDS}, else
 * {@link JobWorker#DEFAULT_LEASE}.
 */
public final class JobLease {

    public static final String ENVIRONMENT = "BACKDROP_JOB_LEASE_SECONDS";
    public static final long MIN_SECONDS = 1;
    /** A longer lease would leave a dead worker's job waiting for over an hour. */
    public static final long MAX_SECONDS = 3600;

    private JobLease() {
    }

    /**
     * The lease {@code seconds} long.
     *
     * @param source where the value was given, for the message ({@code --job-lease}, the variable's name)
     * @throws InvalidJobLeaseException outside {@link #MIN_SECONDS}..{@link #MAX_SECONDS}
     */
    public static Duration ofSeconds(long seconds, String source) {
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw invalid(source, String.valueOf(seconds));
        }
        return Duration.ofSeconds(seconds);
    }

    /** The lease given as an option when there is one, else the one in {@code env}, else the default. */
    public static Duration resolve(Duration option, Map<String, String> env) {
        if (option != null) {
            return option;
        }
        String value = env.get(ENVIRONMENT);
        if (value == null || value.isBlank()) {
            return JobWorker.DEFAULT_LEASE;
        }
        try {
            return ofSeconds(Long.parseLong(value.strip()), ENVIRONMENT);
        } catch (NumberFormatException e) {
            throw invalid(ENVIRONMENT, value);
        }
    }

    private static InvalidJobLeaseException invalid(String source, String value) {
        return new InvalidJobLeaseException(source + " must be a whole number of seconds from " + MIN_SECONDS + " to "
                + MAX_SECONDS + ", got '" + value + "'");
    }
}
