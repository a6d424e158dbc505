package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help prints cleanly: no picocli warning (an unescaped % in a description, say). */
class HelpTest {

    @Test
    void everyCommandsHelpPrintsWithoutWarnings() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(10);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CommandRun help = CommandRun.of(args.toArray(String[]::new));
            assertThat(help.exit()).as("%s --help", path).isZero();
            assertThat(help.out()).as("%s --help", path).contains("Usage:");
            assertThat(help.err()).as("%s --help", path).doesNotContain("picocli WARN").doesNotContain("Exception");
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, into);
            }
        });
    }
}
