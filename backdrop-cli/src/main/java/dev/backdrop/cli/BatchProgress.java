package dev.backdrop.cli;

import dev.backdrop.BackdropException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
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

    /** The work on one file of a batch. */
    @FunctionalInterface
    interface FileTask {
        void process(Path file) throws IOException;
    }

    /**
     * Runs {@code task} on every file with the bar moving; a file that fails is reported on its own
     * line and skipped. Returns how many failed.
     */
    static int forEach(String name, List<Path> files, FileTask task) {
        int failed = 0;
        try (BatchProgress progress = new BatchProgress(name, files.size())) {
            for (Path file : files) {
                String problem = null;
                try {
                    task.process(file);
                } catch (BackdropException e) {
                    problem = e.getMessage();
                } catch (NoSuchFileException e) {
                    problem = "no such file";
                } catch (IOException e) {
                    problem = "cannot read or write: " + e.getMessage();
                }
                if (problem != null) {
                    failed++;
                    progress.report(file + ": " + problem);
                }
                progress.step();
            }
        }
        return failed;
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
    static void result(java.io.PrintWriter out, String line) {
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
