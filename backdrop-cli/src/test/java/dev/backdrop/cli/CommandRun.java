package dev.backdrop.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code backdrop} command, with what it wrote. */
record CommandRun(int exit, String out, String err) {

    /** Runs {@code backdrop ARGS}; progress and per-file messages go to System.err/out, so both are captured. */
    static CommandRun of(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        System.setErr(new PrintStream(capturedErr, true));
        System.setOut(new PrintStream(capturedOut, true));
        try {
            int exit = cli.execute(args);
            return new CommandRun(exit, out + capturedOut.toString(), err + capturedErr.toString());
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }
}
