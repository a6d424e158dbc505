package dev.backdrop.cli;

import dev.backdrop.diffusion.hub.ByteCount;
import dev.backdrop.diffusion.hub.DownloadProgress;
import dev.backdrop.diffusion.hub.DownloadStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Shows a hub download: on a terminal one bar redrawn in place (overall bytes, rate, time left,
 * current file); otherwise, for logs, a line whenever a file is done and one every few seconds.
 */
final class DownloadConsole implements DownloadProgress {

    private static final int BAR_WIDTH = 24;
    private static final long TERMINAL_REDRAW_MILLIS = 100;
    private static final long PLAIN_LINE_MILLIS = 10_000;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier millis;
    /** Far enough back that the first update is shown, near enough that "now - lastShown" cannot overflow. */
    private long lastShown = Long.MIN_VALUE / 2;
    private int width;

    DownloadConsole(PrintStream out, boolean terminal, LongSupplier millis) {
        this.out = out;
        this.terminal = terminal;
        this.millis = millis;
    }

    /** On standard error; a bar when the command runs on a terminal. */
    static DownloadConsole onStandardError() {
        return new DownloadConsole(System.err, System.console() != null, System::currentTimeMillis);
    }

    @Override
    public synchronized void update(DownloadStatus status) {
        long now = millis.getAsLong();
        boolean finished = status.done() >= status.total() && status.fileNumber() == status.fileCount()
                && status.fileComplete();
        if (terminal) {
            if (finished || now - lastShown >= TERMINAL_REDRAW_MILLIS) {
                lastShown = now;
                String line = bar(status);
                out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
                width = line.length();
                if (finished) {
                    out.println();
                }
            }
        } else if (status.fileComplete() && status.fileSize() > 0 || now - lastShown >= PLAIN_LINE_MILLIS) {
            lastShown = now;
            out.println(plainLine(status));
        }
        out.flush();
    }

    static String bar(DownloadStatus status) {
        int filled = status.total() == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * status.done() / status.total());
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + percent(status.done(), status.total())
                + " " + ByteCount.format(status.done()) + "/" + ByteCount.format(status.total()) + " " + rateAndEta(status)
                + " (" + status.fileNumber() + "/" + status.fileCount() + ") " + status.file();
    }

    static String plainLine(DownloadStatus status) {
        return status.file() + " (" + status.fileNumber() + "/" + status.fileCount() + "): "
                + (status.fileComplete() ? "done, " + ByteCount.format(status.fileSize())
                : ByteCount.format(status.fileDone()) + " of " + ByteCount.format(status.fileSize()))
                + "; all: " + percent(status.done(), status.total()) + " of " + ByteCount.format(status.total())
                + ", " + rateAndEta(status);
    }

    private static String percent(long done, long total) {
        return (total == 0 ? 100 : 100 * done / total) + "%";
    }

    private static String rateAndEta(DownloadStatus status) {
        return ByteCount.format((long) status.bytesPerSecond()) + "/s, ETA "
                + status.eta().map(DownloadConsole::clock).orElse("--:--");
    }

    /** h:mm:ss or m:ss, rounded up: a time left never shows 0:00 while bytes are missing. */
    static String clock(Duration duration) {
        long seconds = (duration.toMillis() + 999) / 1000;
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
