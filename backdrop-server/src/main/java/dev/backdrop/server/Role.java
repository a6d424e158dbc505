package dev.backdrop.server;

import java.util.Locale;

/**
 * What one {@code backdrop serve} process does ({@code --role}). Nodes of a scaled-out deployment
 * share a PostgreSQL database (the job queue, keys and credits) and an S3 bucket (inputs and
 * results); the embedded H2 file and a local folder belong to one process, so only {@link #ALL}
 * may use them.
 */
public enum Role {
    /** HTTP API: takes requests and queues them; synchronous routes wait for their job. No models. */
    API,
    /** Runs queued jobs; its listener answers only /healthz, /readyz and /metrics. */
    WORKER,
    /** Both in one process, with the synchronous routes run in-process: a single server. */
    ALL;

    public boolean servesApi() {
        return this != WORKER;
    }

    public boolean runsJobs() {
        return this != API;
    }

    /** The name {@code --role} takes. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Refuses a split role on storage other processes cannot reach, saying what to give instead. */
    void requireShared(String database, String storage) {
        if (this == ALL) {
            return;
        }
        if (database == null || !database.startsWith("jdbc:postgresql:")) {
            throw new InvalidRoleException("--role " + optionName() + " needs a database every node shares: give --db"
                    + " jdbc:postgresql://HOST/DB (the embedded H2 file belongs to one process)");
        }
        if (storage == null || !storage.startsWith("s3://")) {
            throw new InvalidRoleException("--role " + optionName() + " needs storage every node shares: give --storage"
                    + " s3://BUCKET/PREFIX?endpoint=URL (a local folder belongs to one machine)");
        }
    }
}
