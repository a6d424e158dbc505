package dev.backdrop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseOpeningTest {

    @TempDir
    Path dataFolder;

    @Test
    void theEmbeddedDatabaseIsAFileInTheDataFolderThatKeepsItsData() {
        try (Database database = Database.open(Database.embeddedUrl(dataFolder))) {
            database.inTransaction(c -> c.prepareStatement("INSERT INTO accounts (name, credits) VALUES ('kept', 3)").executeUpdate());
        }
        assertThat(Files.exists(dataFolder.resolve("backdrop.mv.db"))).isTrue();

        try (Database reopened = Database.open(Database.embeddedUrl(dataFolder))) {
            assertThat(number(reopened, "SELECT credits FROM accounts WHERE name = 'kept'")).isEqualTo(3);
            assertThat(reopened.kind()).isEqualTo(Database.Kind.H2);
        }
    }

    @Test
    void aCommitOfTheEmbeddedDatabaseOutlivesAProcessKilledRightAfterIt() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitThenHalt.class.getName(), dataFolder.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isEqualTo(3);

        try (Database reopened = Database.open(Database.embeddedUrl(dataFolder))) {
            assertThat(number(reopened, "SELECT count(*) FROM accounts WHERE name = 'accepted'")).isEqualTo(1);
        }
    }

    /** The number in the first column of the first row {@code query} returns. */
    private static long number(Database database, String query) {
        return database.inTransaction(c -> {
            try (ResultSet rows = c.prepareStatement(query).executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Test
    void refusesAnUnsupportedUrl() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://localhost/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void reportsADatabaseThatCannotBeReachedWithoutItsPassword() {
        // port 1 on loopback: nothing listens there
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:1/backdrop?user=x&password=secret&connectTimeout=2"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("Cannot connect")
                .hasMessageNotContaining("secret");
    }
}
