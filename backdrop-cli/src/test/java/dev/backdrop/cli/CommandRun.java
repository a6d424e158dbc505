package dev.backdrop.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code backdrop} command, with what it wrote. */
record CommandRun(int exit, String out, String err) {

    /**
     * Runs {@code backdrop ARGS}. Progress and per-file messages go to System.err, which is captured;
     * System.out is left alone: replacing it sent the help text past the writer set here.
     */
    static CommandRun of(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        PrintStream oldErr = System.err;
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(capturedErr, true));
        try {
            int exit = cli.execute(args);
            return new CommandRun(exit, out.toString(), err + capturedErr.toString());
        } finally {
            System.setErr(oldErr);
        }
    }
}
