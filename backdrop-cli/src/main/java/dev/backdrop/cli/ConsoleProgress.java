package dev.backdrop.cli;

import dev.backdrop.model.FetchProgress;
import java.io.PrintStream;

/** Prints fetch progress as one updating line per stage. */
final class ConsoleProgress implements FetchProgress {

    private final PrintStream out;
    private String lastStage;
    private int lastPercent = -1;

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void update(String stage, long done, long total) {
        if (!stage.equals(lastStage)) {
            if (lastStage != null) {
                out.println();
            }
            lastStage = stage;
            lastPercent = -1;
            out.print(stage + "...");
        }
        if (total > 0) {
            int percent = (int) (100 * done / total);
            if (percent != lastPercent) {
                lastPercent = percent;
                out.print("\r" + stage + "... " + percent + "%");
            }
            if (done >= total) {
                out.println();
                lastStage = null;
            }
        }
        out.flush();
    }
}
