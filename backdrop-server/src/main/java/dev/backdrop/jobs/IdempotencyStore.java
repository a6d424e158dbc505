package dev.backdrop.jobs;

import dev.backdrop.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Records of requests sent with an {@code Idempotency-Key}, per account. The first request with a
 * key inserts its record; a concurrent second one waits on that row's primary key until the
 * first commits, so the same key and body never run or charge twice.
 *
 * <p>For a synchronous request: {@link #begin}, do the work, then {@link #finish} with the
 * response (or {@link #abandon} when it failed, so the client may retry). Job submissions go
 * through {@link JobSubmissions}, which links the record to the job in the same transaction.
 */
public final class IdempotencyStore {

    /** A record still without a response after this long belongs to a request that died; it may be taken over. */
    public static final Duration DEFAULT_ABANDONED_AFTER = Duration.ofMinutes(10);

    private final Database database;
    private final Duration abandonedAfter;

    public IdempotencyStore(Database database) {
        this(database, DEFAULT_ABANDONED_AFTER);
    }

    public IdempotencyStore(Database database, Duration abandonedAfter) {
        this.database = database;
        this.abandonedAfter = abandonedAfter;
    }

    /**
     * Claims the key for this request or says how the earlier request with it ended.
     *
     * @throws IdempotencyConflictException  the key was used with a different request
     * @throws IdempotencyInProgressException the earlier request with the key is still running
     */
    public IdempotencyOutcome begin(long accountId, IdempotencyKey key) {
        return database.inTransaction(c -> begin(c, accountId, key));
    }

    public IdempotencyOutcome begin(Connection c, long accountId, IdempotencyKey key) throws SQLException {
        // A record can vanish between the insert and the read (abandoned meanwhile): look again.
        for (int attempt = 0; attempt < 3; attempt++) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO idempotency_keys (account_id, idempotency_key, request_hash)"
                    + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setLong(1, accountId);
                insert.setString(2, key.key());
                insert.setString(3, key.requestHash());
                if (insert.executeUpdate() == 1) {
                    return new IdempotencyOutcome.Proceed();
                }
            }
            try (PreparedStatement select = c.prepareStatement("SELECT i.request_hash, i.response_status, i.response_type,"
                    + " i.response_body, j.public_id, i.created_at FROM idempotency_keys i LEFT JOIN jobs j ON j.id = i.job_id"
                    + " WHERE i.account_id = ? AND i.idempotency_key = ?")) {
                select.setLong(1, accountId);
                select.setString(2, key.key());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        continue;
                    }
                    if (!row.getString("request_hash").equals(key.requestHash())) {
                        throw new IdempotencyConflictException(key.key());
                    }
                    int status = row.getInt("response_status");
                    if (!row.wasNull()) {
                        return new IdempotencyOutcome.ReplayResponse(status, row.getString("response_type"), row.getString("response_body"));
                    }
                    String jobId = row.getString("public_id");
                    if (jobId != null) {
                        return new IdempotencyOutcome.ReplayJob(jobId);
                    }
                }
            }
            if (takeOverAbandoned(c, accountId, key)) {
                return new IdempotencyOutcome.Proceed();
            }
            throw new IdempotencyInProgressException(key.key());
        }
        throw new IdempotencyInProgressException(key.key());
    }

    private boolean takeOverAbandoned(Connection c, long accountId, IdempotencyKey key) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE idempotency_keys SET created_at = CURRENT_TIMESTAMP"
                + " WHERE account_id = ? AND idempotency_key = ? AND response_status IS NULL AND job_id IS NULL AND created_at < ?")) {
            update.setLong(1, accountId);
            update.setString(2, key.key());
            update.setObject(3, OffsetDateTime.ofInstant(Instant.now().minus(abandonedAfter), ZoneOffset.UTC));
            return update.executeUpdate() == 1;
        }
    }

    /** Records the response of a request begun with {@link #begin}, to be replayed to any repeat. */
    public void finish(long accountId, IdempotencyKey key, int status, String contentType, String body) {
        database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE idempotency_keys SET response_status = ?, response_type = ?,"
                    + " response_body = ? WHERE account_id = ? AND idempotency_key = ? AND request_hash = ?")) {
                update.setInt(1, status);
                update.setString(2, contentType);
                update.setString(3, body);
                update.setLong(4, accountId);
                update.setString(5, key.key());
                update.setString(6, key.requestHash());
                return update.executeUpdate();
            }
        });
    }

    /** Forgets a request that failed without a response worth replaying, so the client may send it again. */
    public void abandon(long accountId, IdempotencyKey key) {
        database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM idempotency_keys"
                    + " WHERE account_id = ? AND idempotency_key = ? AND request_hash = ? AND job_id IS NULL")) {
                delete.setLong(1, accountId);
                delete.setString(2, key.key());
                delete.setString(3, key.requestHash());
                return delete.executeUpdate();
            }
        });
    }

    void attachJob(Connection c, long accountId, IdempotencyKey key, long jobRowId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE idempotency_keys SET job_id = ? WHERE account_id = ? AND idempotency_key = ?")) {
            update.setLong(1, jobRowId);
            update.setLong(2, accountId);
            update.setString(3, key.key());
            update.executeUpdate();
        }
    }

    /** Deletes records created before {@code cutoff} (keys are typically kept for a day); returns how many. */
    public int purgeCreatedBefore(Instant cutoff) {
        return database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
                delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                return delete.executeUpdate();
            }
        });
    }
}
