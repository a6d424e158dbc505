package dev.backdrop.cli;

import picocli.CommandLine;

/** Entry point of the {@code backdrop} command. */
public final class Main {

    private Main() {
    }

    /**
     * ONNX Runtime's graph optimisation recurses deeply while it loads the ISNet model; on the
     * JVM's default 1 MiB thread stack that overflows in native code and kills the process
     * without a Java error, so the command runs on a thread with a larger stack.
     */
    private static final long STACK_BYTES = 64L * 1024 * 1024;

    public static void main(String[] args) throws InterruptedException {
        int[] exit = {1};
        Thread command = new Thread(null, () -> exit[0] = commandLine().execute(args), "backdrop", STACK_BYTES);
        command.start();
        command.join();
        System.exit(exit[0]);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BackdropCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }
}
