package dev.backdrop.cli;

import picocli.CommandLine;

/** Entry point of the {@code backdrop} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BackdropCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }
}
