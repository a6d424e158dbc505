package dev.backdrop.cli;

import dev.backdrop.BackdropException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints Backdrop's own errors as one line a user can act on; anything else keeps its stack trace. */
final class UserErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) throws Exception {
        if (e instanceof BackdropException known) {
            // Standard error like the progress output, so one redirect captures both.
            System.err.println(cli.getColorScheme().errorText("error: " + known.getMessage()));
            return 1;
        }
        throw e;
    }
}
