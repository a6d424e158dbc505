package dev.backdrop.jobs;

import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.SecretTokens;
import dev.backdrop.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs table: the queue workers claim from and the record callers poll. Workers on several
 * machines may share one PostgreSQL database: {@link #claimNext} locks the oldest queued job that
 * no other worker holds with {@code FOR UPDATE SKIP LOCKED}, so two workers never get the same job
 * and never wait on each other.
 */
public final class JobStore {

    static final String ID_PREFIX = "job_";
    private static final int ID_RANDOM_CHARS = 24;
    private static final int MAX_ERROR_MESSAGE = 2000;
    /** How far down the queue one claim looks for a job no other worker is claiming. */
    private static final int CLAIM_CANDIDATES = 16;
    private static final String COLUMNS = "j.id AS row_id, j.public_id, j.account_id, j.api_key_id, j.kind, j.status, j.request,"
            + " j.webhook_url, j.charge_id, j.progress, j.result, j.error_code, j.error_message, j.attempts,"
            + " j.created_at, j.started_at, j.finished_at, j.updated_at";

    private final Database database;
    private final CreditLedger ledger;

    public JobStore(Database database, CreditLedger ledger) {
        this.database = database;
        this.ledger = ledger;
    }

    /** A job inserted in the caller's transaction, with its internal row id for linking. */
    record Inserted(long rowId, Job job) {
    }

    Inserted insert(Connection c, long accountId, long apiKeyId, NewJob job, long chargeId, String publicId) throws SQLException {
        long rowId;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO jobs (public_id, account_id, api_key_id, kind, status,"
                + " request, webhook_url, charge_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            insert.setString(1, publicId);
            insert.setLong(2, accountId);
            setNullableId(insert, 3, apiKeyId);
            insert.setString(4, job.kind());
            insert.setString(5, JobStatus.QUEUED.wireName());
            insert.setString(6, job.request());
            insert.setString(7, job.webhookUrl());
            setNullableId(insert, 8, chargeId);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                rowId = keys.getLong(1);
            }
        }
        return new Inserted(rowId, byPublicId(c, publicId).orElseThrow());
    }

    static String newPublicId() {
        return SecretTokens.next(ID_PREFIX, ID_RANDOM_CHARS);
    }

    /**
     * Takes the oldest queued job for {@code worker} and marks it running, or returns empty when
     * none is queued (or every job near the head of the queue is being claimed by another worker
     * right now; poll again).
     */
    public Optional<Job> claimNext(String worker) {
        return database.inTransaction(c -> {
            // H2 applies LIMIT before skipping locked rows, so "LIMIT 1 FOR UPDATE SKIP LOCKED"
            // finds nothing there while another worker holds the head of the queue. Reading a few
            // candidates without locks and then locking one row at a time behaves the same on both
            // databases and never waits on another worker.
            for (long rowId : queuedCandidates(c)) {
                if (lockIfStillQueued(c, rowId)) {
                    markRunning(c, rowId, worker);
                    return jobWhere(c, "j.id = ?", rowId);
                }
            }
            return Optional.empty();
        });
    }

    private static List<Long> queuedCandidates(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id FROM jobs WHERE status = ? ORDER BY id LIMIT ?")) {
            select.setString(1, JobStatus.QUEUED.wireName());
            select.setInt(2, CLAIM_CANDIDATES);
            try (ResultSet rows = select.executeQuery()) {
                List<Long> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
                return ids;
            }
        }
    }

    private static boolean lockIfStillQueued(Connection c, long rowId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT id FROM jobs WHERE id = ? AND status = ? FOR UPDATE SKIP LOCKED")) {
            lock.setLong(1, rowId);
            lock.setString(2, JobStatus.QUEUED.wireName());
            try (ResultSet rows = lock.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void markRunning(Connection c, long rowId, String worker) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET status = ?, worker = ?, attempts = attempts + 1,"
                + " started_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND status = ?")) {
            update.setString(1, JobStatus.RUNNING.wireName());
            update.setString(2, worker);
            update.setLong(3, rowId);
            update.setString(4, JobStatus.QUEUED.wireName());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("Job row " + rowId + " changed while locked");
            }
        }
    }

    /** Records the progress (0 to 1) of a running job; ignored once the job has finished. */
    public void progress(String jobId, double progress) {
        if (!(progress >= 0 && progress <= 1)) {
            throw new IllegalArgumentException("Progress must be between 0 and 1, not " + progress);
        }
        database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE jobs SET progress = ?, updated_at = CURRENT_TIMESTAMP WHERE public_id = ? AND status = ?")) {
                update.setDouble(1, progress);
                update.setString(2, jobId);
                update.setString(3, JobStatus.RUNNING.wireName());
                return update.executeUpdate();
            }
        });
    }

    /**
     * Renews the lease of every job {@code worker} is running: their {@code updated_at} becomes now,
     * so {@link #requeueStale} leaves them alone. Returns how many.
     */
    public int heartbeat(String worker) {
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE jobs SET updated_at = CURRENT_TIMESTAMP WHERE worker = ? AND status = ?")) {
                update.setString(1, worker);
                update.setString(2, JobStatus.RUNNING.wireName());
                return update.executeUpdate();
            }
        });
    }

    /**
     * Marks the job succeeded if {@code worker} still holds it; empty when it lost the job (its
     * lease ran out and the job was queued again), whose result then does not count.
     */
    public Optional<Job> completeHeld(String jobId, String worker, String resultJson) {
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET status = ?, result = ?, progress = 1,"
                    + " finished_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP"
                    + " WHERE public_id = ? AND status = ? AND worker = ?")) {
                update.setString(1, JobStatus.SUCCEEDED.wireName());
                update.setString(2, resultJson);
                update.setString(3, jobId);
                update.setString(4, JobStatus.RUNNING.wireName());
                update.setString(5, worker);
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return byPublicId(c, jobId);
        });
    }

    /** {@link #fail} if {@code worker} still holds the running job; empty (and no refund) when it lost it. */
    public Optional<Job> failHeld(String jobId, String worker, String errorCode, String errorMessage) {
        return database.inTransaction(c -> {
            try (PreparedStatement held = c.prepareStatement(
                    "SELECT id FROM jobs WHERE public_id = ? AND status = ? AND worker = ? FOR UPDATE")) {
                held.setString(1, jobId);
                held.setString(2, JobStatus.RUNNING.wireName());
                held.setString(3, worker);
                try (ResultSet rows = held.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(failIn(c, jobId, errorCode, errorMessage));
        });
    }

    /** Marks a running job succeeded with its results (JSON). */
    public Job complete(String jobId, String resultJson) {
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET status = ?, result = ?, progress = 1,"
                    + " finished_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP WHERE public_id = ? AND status = ?")) {
                update.setString(1, JobStatus.SUCCEEDED.wireName());
                update.setString(2, resultJson);
                update.setString(3, jobId);
                update.setString(4, JobStatus.RUNNING.wireName());
                if (update.executeUpdate() == 0) {
                    throw notIn(c, jobId, "completed", JobStatus.RUNNING);
                }
            }
            return byPublicId(c, jobId).orElseThrow();
        });
    }

    /**
     * Marks a queued or running job failed and refunds its charge in the same transaction.
     *
     * @param errorCode the stable code of the error (as {@code BackdropException.code()})
     */
    public Job fail(String jobId, String errorCode, String errorMessage) {
        return database.inTransaction(c -> failIn(c, jobId, errorCode, errorMessage));
    }

    private Job failIn(Connection c, String jobId, String errorCode, String errorMessage) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET status = ?, error_code = ?, error_message = ?,"
                + " finished_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP WHERE public_id = ? AND status IN (?, ?)")) {
            update.setString(1, JobStatus.FAILED.wireName());
            update.setString(2, errorCode);
            update.setString(3, errorMessage == null || errorMessage.length() <= MAX_ERROR_MESSAGE
                    ? errorMessage : errorMessage.substring(0, MAX_ERROR_MESSAGE));
            update.setString(4, jobId);
            update.setString(5, JobStatus.QUEUED.wireName());
            update.setString(6, JobStatus.RUNNING.wireName());
            if (update.executeUpdate() == 0) {
                throw notIn(c, jobId, "failed", JobStatus.RUNNING);
            }
        }
        Job failed = byPublicId(c, jobId).orElseThrow();
        if (failed.chargeId() != 0) {
            ledger.refund(c, failed.chargeId(), "job " + jobId + " failed");
        }
        return failed;
    }

    /**
     * Puts running jobs not updated since {@code updatedBefore} (their worker died) back in the
     * queue; returns how many.
     */
    public int requeueStale(Instant updatedBefore) {
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET status = ?, worker = NULL, progress = 0,"
                    + " updated_at = CURRENT_TIMESTAMP WHERE status = ? AND updated_at < ?")) {
                update.setString(1, JobStatus.QUEUED.wireName());
                update.setString(2, JobStatus.RUNNING.wireName());
                update.setObject(3, OffsetDateTime.ofInstant(updatedBefore, ZoneOffset.UTC));
                return update.executeUpdate();
            }
        });
    }

    /**
     * The job as its owner sees it.
     *
     * @throws JobNotFoundException when there is no such job or another account owns it
     */
    public Job find(long accountId, String jobId) {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM jobs j WHERE j.public_id = ? AND j.account_id = ?")) {
                select.setString(1, jobId);
                select.setLong(2, accountId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new JobNotFoundException(jobId);
                    }
                    return job(rows);
                }
            }
        });
    }

    /** How many jobs are in each status (every status present, zero included), for metrics. */
    public Map<JobStatus, Long> countByStatus() {
        return database.inTransaction(c -> {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            for (JobStatus status : JobStatus.values()) {
                counts.put(status, 0L);
            }
            try (PreparedStatement select = c.prepareStatement("SELECT status, COUNT(*) FROM jobs GROUP BY status");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(JobStatus.fromWireName(rows.getString(1)), rows.getLong(2));
                }
            }
            return counts;
        });
    }

    /** How many jobs are in {@code status}: one index range, not a scan of every job kept. */
    public long count(JobStatus status) {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE status = ?")) {
                select.setString(1, status.wireName());
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /** The job whatever its owner, for workers. */
    public Optional<Job> get(String jobId) {
        return database.inTransaction(c -> byPublicId(c, jobId));
    }

    /** Where to send the finished job's webhook, if it asked for one, with the submitting key's secret. */
    public Optional<WebhookTarget> webhookTarget(String jobId) {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT j.webhook_url, k.webhook_secret FROM jobs j"
                    + " JOIN api_keys k ON k.id = j.api_key_id WHERE j.public_id = ? AND j.webhook_url IS NOT NULL")) {
                select.setString(1, jobId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new WebhookTarget(rows.getString(1), rows.getString(2)))
                            : Optional.empty();
                }
            }
        });
    }

    Optional<Job> byPublicId(Connection c, String jobId) throws SQLException {
        return jobWhere(c, "j.public_id = ?", jobId);
    }

    private static Optional<Job> jobWhere(Connection c, String condition, Object parameter) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs j WHERE " + condition)) {
            select.setObject(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(job(rows)) : Optional.empty();
            }
        }
    }

    private JobStateException notIn(Connection c, String jobId, String verb, JobStatus needed) throws SQLException {
        Optional<Job> job = byPublicId(c, jobId);
        return job.map(j -> new JobStateException("Job " + jobId + " cannot be " + verb + ": it is " + j.status().wireName()
                        + ", not " + needed.wireName() + "."))
                .orElseGet(() -> new JobStateException("Job " + jobId + " does not exist."));
    }

    private static void setNullableId(PreparedStatement statement, int index, long id) throws SQLException {
        if (id == 0) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, id);
        }
    }

    private static Job job(ResultSet row) throws SQLException {
        return new Job(
                row.getString("public_id"),
                row.getLong("account_id"),
                row.getLong("api_key_id"),
                row.getString("kind"),
                JobStatus.fromWireName(row.getString("status")),
                row.getString("request"),
                row.getString("webhook_url"),
                row.getLong("charge_id"),
                row.getDouble("progress"),
                row.getString("result"),
                row.getString("error_code"),
                row.getString("error_message"),
                row.getInt("attempts"),
                instant(row, "created_at"),
                instant(row, "started_at"),
                instant(row, "finished_at"),
                instant(row, "updated_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
