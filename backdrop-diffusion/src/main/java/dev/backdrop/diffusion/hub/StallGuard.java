package dev.backdrop.diffusion.hub;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body that has received nothing for too long. The JDK's HTTP client has no read
 * timeout for a body, so a connection that goes silent would block a read for ever; closing the
 * stream ends that read, and the download resumes.
 */
final class StallGuard implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hub-download-stall-guard");
        thread.setDaemon(true);
        return thread;
    });

    private final InputStream body;
    private final long stallNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean tripped;

    StallGuard(InputStream body, Duration stall) {
        this.body = body;
        this.stallNanos = stall.toNanos();
        long period = Math.max(1, stall.toMillis() / 4);
        this.check = TIMER.scheduleAtFixedRate(this::closeIfStalled, period, period, TimeUnit.MILLISECONDS);
    }

    void progressed() {
        lastProgress = System.nanoTime();
    }

    /** Whether the body was closed for sending nothing. */
    boolean tripped() {
        return tripped;
    }

    private void closeIfStalled() {
        if (!tripped && System.nanoTime() - lastProgress > stallNanos) {
            tripped = true;
            try {
                body.close();
            } catch (IOException e) {
                // closing is all that is wanted; a failure to close changes nothing
            }
        }
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
