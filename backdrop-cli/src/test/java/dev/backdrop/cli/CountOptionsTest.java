package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Counts out of their range are usage errors naming the option, before anything starts. */
class CountOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bench scene --runs 0                    | --runs        | must be 1 or more, not 0",
            "bench scene --cutout-runs 0             | --cutout-runs | must be 1 or more, not 0",
            "bench cutout --warmup -1                | --warmup      | must be 0 or more, not -1",
            "bench cutout --runs many                | --runs        | 'many' is not a whole number",
            "bench cutout --batch -1                 | --batch       | must be 0 or more, not -1",
            "bench diffusion --runs 0                | --runs        | must be 1 or more, not 0",
            "serve --workers 0                       | --workers     | must be 1 or more, not 0",
            "serve --queue -1                        | --queue       | must be 1 or more, not -1",
            "serve --port 70000                      | --port        | a port is 0 to 65535, not 70000",
            "cutout in.png -o out --threads -1       | --threads     | must be 1 or more, not -1",
            "eval cutout --images a --masks b --limit 0 | --limit    | must be 1 or more, not 0",
    })
    void aCountOutOfRangeIsAUsageError(String command, String option, String message) {
        CommandRun run = CommandRun.of(command.split(" "));
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("option '" + option + "'").contains(message).doesNotContain("Exception");
    }
}
