package dev.backdrop.jobs;

import java.util.Locale;

/** Where a job is in its life: queued, then running, then succeeded or failed. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    /** The name in the database and in the API ({@code queued}, {@code running}, …). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }

    static JobStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
