package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.backdrop.server.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code backdrop serve}'s options as the server receives them, and its usage errors, without starting a server. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void jobLeaseIsPassedToTheServerSettingsAndLeftToTheEnvironmentWhenNotGiven() {
        assertThat(parse("--job-lease", "90").settings().jobLease()).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("--job-lease", "1").settings().jobLease()).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("--job-lease", "3600").settings().jobLease()).isEqualTo(Duration.ofHours(1));
        assertThat(parse().settings().jobLease()).isNull();
    }

    @Test
    void aJobLeaseOutOfRangeIsAUsageErrorBeforeAnythingStarts() {
        Path data = dir.resolve("data");
        for (String bad : new String[] {"0", "3601", "-1"}) {
            CommandRun run = CommandRun.of("serve", "--port", "0", "--data", data.toString(), "--job-lease", bad);
            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).contains("--job-lease must be a whole number of seconds from 1 to 3600, got '" + bad + "'")
                    .contains("Usage: serve").contains("--job-lease=SECONDS");
        }
        CommandRun words = CommandRun.of("serve", "--port", "0", "--data", data.toString(), "--job-lease", "soon");
        assertThat(words.exit()).isEqualTo(2);
        assertThat(words.err()).contains("--job-lease").contains("'soon'");
        assertThat(Files.exists(data)).as("no server started, so no data folder was made").isFalse();
    }

    @Test
    void roleDefaultsToAllAndASplitRoleGetsItsSharedDatabaseAndStorage() {
        assertThat(parse().settings().role()).isEqualTo(Role.ALL);
        String[] shared = {"--db", "jdbc:postgresql://db/backdrop", "--storage", "s3://results/backdrop?endpoint=http://s3:9000"};
        assertThat(parse(with(shared, "--role", "api")).settings().role()).isEqualTo(Role.API);
        assertThat(parse(with(shared, "--role", "WORKER")).settings().role()).isEqualTo(Role.WORKER);
    }

    @Test
    void aSplitRoleWithoutSharedDatabaseOrStorageOrAnUnknownRoleIsAUsageError() {
        Path data = dir.resolve("data");
        CommandRun noDatabase = CommandRun.of("serve", "--port", "0", "--data", data.toString(), "--role", "api",
                "--storage", "s3://results");
        assertThat(noDatabase.exit()).as(noDatabase.err()).isEqualTo(2);
        assertThat(noDatabase.err()).contains("--role api needs a database every node shares: give --db jdbc:postgresql:")
                .contains("Usage: serve");
        CommandRun localFiles = CommandRun.of("serve", "--port", "0", "--data", data.toString(), "--role", "worker",
                "--db", "jdbc:postgresql://db/backdrop");
        assertThat(localFiles.exit()).as(localFiles.err()).isEqualTo(2);
        assertThat(localFiles.err()).contains("--role worker needs storage every node shares: give --storage s3://");
        CommandRun unknown = CommandRun.of("serve", "--port", "0", "--data", data.toString(), "--role", "both");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("'both' is not a role; use api, worker or all");
        assertThat(Files.exists(data)).as("no server started, so no data folder was made").isFalse();
    }

    private static String[] with(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static ServeCommand parse(String... args) {
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.parseArgs(args);
        return cli.getCommand();
    }
}
