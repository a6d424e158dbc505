package dev.backdrop.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The server's database: a connection pool on a JDBC URL whose schema has been brought up to date
 * by the migrations in {@code dev/backdrop/db/migration}. The same migrations serve the embedded
 * H2 file (in PostgreSQL mode) and PostgreSQL, so every query here is written once for both.
 */
public final class Database implements AutoCloseable {

    private static final String MIGRATIONS = "classpath:dev/backdrop/db/migration";
    private static final int ATTEMPTS = 5;

    private final HikariDataSource pool;
    private final Kind kind;

    private Database(HikariDataSource pool, Kind kind) {
        this.pool = pool;
        this.kind = kind;
    }

    /** The product of the database behind a URL; the SQL is the same, a few settings are not. */
    public enum Kind {
        H2, POSTGRESQL;

        static Kind of(String jdbcUrl) {
            if (jdbcUrl.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            throw new IllegalArgumentException(
                    "Unsupported database URL '" + jdbcUrl + "': use jdbc:postgresql://host/db or jdbc:h2:file:/path");
        }
    }

    /**
     * The embedded default: an H2 file {@code backdrop.mv.db} in the data folder, in PostgreSQL
     * mode so that the migrations and queries are the ones PostgreSQL runs. Each commit is written
     * to the file before it returns ({@code WRITE_DELAY=0}): by default H2 writes up to half a
     * second later, and a process killed in that time lost jobs it had already accepted.
     */
    public static String embeddedUrl(Path dataFolder) {
        return "jdbc:h2:file:" + dataFolder.toAbsolutePath().resolve("backdrop")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
    }

    /** Opens the database at {@code jdbcUrl} (user and password may be part of the URL) and migrates it. */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    public static Database open(String jdbcUrl, String user, String password) {
        Kind kind = Kind.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("backdrop-db");
        config.setMaximumPoolSize(10);
        config.setAutoCommit(true);
        if (kind == Kind.H2) {
            // H2 gives up on a locked row after 1 s by default; a burst of debits on one account
            // queues longer than that on a busy machine, and PostgreSQL would simply wait.
            config.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseException("Cannot connect to the database at " + redacted(jdbcUrl) + ": " + e.getMessage(), e);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    // through the server's own logging rather than java.util.logging
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new DatabaseException("Cannot bring the database schema up to date: " + e.getMessage(), e);
        }
        return new Database(pool, kind);
    }

    private static String redacted(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public Kind kind() {
        return kind;
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Runs {@code body} in one transaction (READ COMMITTED) and commits it; rolls back on any
     * exception. A transaction that lost a serialization or lock conflict is run again, so the
     * body must touch nothing but the database.
     */
    public <T> T inTransaction(TransactionBody<T> body) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                try {
                    T result = body.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(connection, e);
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && SqlState.isTransient(e)) {
                    continue;
                }
                // The driver's message quotes the statement and its values: it goes to the log with
                // the cause, never into an answer.
                throw new DatabaseException("a database operation failed (SQLSTATE " + e.getSQLState()
                        + "); the server's log has the details", e);
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
