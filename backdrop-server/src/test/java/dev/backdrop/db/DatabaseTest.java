package dev.backdrop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.testing.DatabaseTestBase;
import dev.backdrop.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabaseTest extends DatabaseTestBase {

    @Test
    void migratesTheSchema() {
        List<String> tables = database.inTransaction(c -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rows = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    names.add(rows.getString("TABLE_NAME").toLowerCase());
                }
            }
            return names;
        });
        assertThat(tables).contains("accounts", "api_keys", "credit_ledger", "jobs", "idempotency_keys");
        assertThat(database.kind()).isEqualTo(engine == TestDatabase.H2 ? Database.Kind.H2 : Database.Kind.POSTGRESQL);
    }

    @Test
    void rollsBackWhenTheBodyThrows() {
        assertThatThrownBy(() -> database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO accounts (name, credits) VALUES ('x', 5)")) {
                insert.executeUpdate();
            }
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(accountCount()).isZero();
    }

    @Test
    void wrapsSqlErrorsInATypedException() {
        assertThatThrownBy(() -> database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO accounts (name, credits) VALUES ('x', -1)")) {
                return insert.executeUpdate();
            }
        })).isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(SqlState.CHECK_VIOLATION.matches((SQLException) e.getCause())).isTrue())
                // The message can reach a client: it names the SQLSTATE, never the statement or its values.
                .hasMessageContaining("SQLSTATE 23").hasMessageNotContaining("INSERT").hasMessageNotContaining("accounts");
        assertThat(accountCount()).isZero();
    }

    @Test
    void runsATransactionThatLostARaceAgainButNotOtherFailures() {
        AtomicInteger attempts = new AtomicInteger();
        String result = database.inTransaction(c -> {
            if (attempts.incrementAndGet() < 3) {
                throw new SQLException("could not serialize access", "40001");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(3);

        attempts.set(0);
        assertThatThrownBy(() -> database.inTransaction(c -> {
            attempts.incrementAndGet();
            throw new SQLException("syntax error", "42601");
        })).isInstanceOf(DatabaseException.class);
        assertThat(attempts).hasValue(1);
    }

    private long accountCount() {
        return database.inTransaction(c -> {
            try (ResultSet rows = c.prepareStatement("SELECT COUNT(*) FROM accounts").executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
