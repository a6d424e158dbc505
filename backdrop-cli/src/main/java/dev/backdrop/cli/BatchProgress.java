package dev.backdrop.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on standard error for a batch of files, with room for per-file messages. */
final class BatchProgress implements AutoCloseable {

    private final ProgressBar bar;

    BatchProgress(String task, int total) {
        this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    void step() {
        bar.step();
    }

    /** A message on its own line; the bar is drawn again below it. */
    void report(String message) {
        System.err.print("\r");
        System.err.println(message);
    }

    /** A result line on {@code out} (standard output), so it can be piped while the bar stays on standard error. */
    void result(java.io.PrintWriter out, String line) {
        System.err.print("\r");
        System.err.flush();
        out.println(line);
        out.flush();
    }

    @Override
    public void close() {
        bar.close();
    }
}
