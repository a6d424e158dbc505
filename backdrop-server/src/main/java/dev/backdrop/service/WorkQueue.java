package dev.backdrop.service;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed number of workers in front of a bounded queue. When the queue is full new work is
 * refused with {@link OverloadedException} (HTTP 429), so load turns into back-pressure instead of
 * an out-of-memory error. Closing lets queued and running work finish.
 */
public final class WorkQueue implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final int workers;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong averageMillis = new AtomicLong(2000);

    public WorkQueue(int workers, int capacity) {
        this.workers = workers;
        AtomicInteger names = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity), r -> {
                    // Inference runs on these threads; give native code room on the stack.
                    Thread t = new Thread(null, r, "backdrop-worker-" + names.incrementAndGet(), 16L * 1024 * 1024);
                    t.setDaemon(false);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        pending.incrementAndGet();
        try {
            executor.execute(() -> {
                long start = System.nanoTime();
                try {
                    result.complete(task.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    pending.decrementAndGet();
                    long took = (System.nanoTime() - start) / 1_000_000;
                    averageMillis.updateAndGet(avg -> (avg * 7 + took) / 8);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            throw new OverloadedException(retryAfterSeconds());
        }
        return result;
    }

    /** Work waiting or running. */
    public int depth() {
        return pending.get();
    }

    /** A fair guess of when a slot frees up: the queue drained at the recent pace. */
    int retryAfterSeconds() {
        long millis = averageMillis.get() * Math.max(1, pending.get()) / workers;
        return (int) Math.max(1, Math.min(120, millis / 1000));
    }

    /** Stops taking work and waits (up to {@code seconds}) for what was accepted. */
    public void drain(long seconds) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            drain(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
