package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private static ServeCommand parse(String... args) {
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.parseArgs(args);
        return cli.getCommand();
    }
}
