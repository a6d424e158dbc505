package dev.backdrop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.testing.DatabaseTestBase;
import dev.backdrop.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
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
                .satisfies(e -> assertThat(SqlState.CHECK_VIOLATION.matches((java.sql.SQLException) e.getCause())).isTrue());
        assertThat(accountCount()).isZero();
    }

    @Test
    void reopeningAnUpToDateDatabaseKeepsItsData() {
        if (engine != TestDatabase.H2) {
            return;
        }
        database.inTransaction(c -> c.prepareStatement("INSERT INTO accounts (name, credits) VALUES ('kept', 3)").executeUpdate());
        database.close();
        database = engine.open(dataFolder);
        assertThat(accountCount()).isEqualTo(1);
    }

    @Test
    void refusesAnUnsupportedUrl() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://localhost/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://");
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
