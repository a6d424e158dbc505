package dev.backdrop.db;

import java.sql.SQLException;
import java.util.Set;

/** The few SQLSTATE codes the server reacts to, as PostgreSQL and H2 report them. */
public enum SqlState {
    UNIQUE_VIOLATION("23505"),
    /** PostgreSQL says 23514, H2 23513. */
    CHECK_VIOLATION("23514", "23513"),
    SERIALIZATION_FAILURE("40001"),
    DEADLOCK_DETECTED("40P01"),
    /** H2's name for two transactions changing the same row at once. */
    CONCURRENT_UPDATE("90131");

    private final Set<String> codes;

    SqlState(String... codes) {
        this.codes = Set.of(codes);
    }

    /** Whether {@code e} or an exception it wraps reports this state. */
    public boolean matches(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && codes.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A transaction that failed with these lost a race and may simply be run again. */
    static boolean isTransient(SQLException e) {
        return SERIALIZATION_FAILURE.matches(e) || DEADLOCK_DETECTED.matches(e) || CONCURRENT_UPDATE.matches(e);
    }
}
