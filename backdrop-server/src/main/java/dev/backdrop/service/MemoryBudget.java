package dev.backdrop.service;

import dev.backdrop.image.ImageTooLargeException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the pixels the server holds in memory at once, across decoding, generation and
 * encoding: a request reserves the pixels its images' headers declare (plus its output canvas)
 * before any of them is decoded, and gives them back when its answer is encoded. A request larger
 * than the whole budget is refused (413) before a pixel is allocated; one that finds the budget
 * taken waits a while for it, then gets 429 with a Retry-After.
 */
public final class MemoryBudget {

    /**
     * The default: one cut-out or replace of a photo up to 14 MP at a time (it reserves the photo
     * and a canvas as large), within the launcher's 1 GB heap. A replace needs about 60 bytes of heap
     * per photo pixel, so 14 MP peaked at 908 MiB while a 15.4 MP one could exhaust the heap
     * (BENCHMARKS.md, "Memory budget").
     */
    public static final long DEFAULT_MEGAPIXELS = 28;

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int RETRY_AFTER_SECONDS = 5;

    private final long capacityPixels;
    private final Semaphore kilopixels;
    private final Duration patience;

    public MemoryBudget(long megapixels) {
        this(megapixels, PATIENCE);
    }

    /** @param patience how long a request waits for room before it is refused with 429 */
    public MemoryBudget(long megapixels, Duration patience) {
        if (megapixels < 1 || megapixels > 2_000) {
            throw new IllegalArgumentException("the memory budget must be 1 to 2000 megapixels, not " + megapixels);
        }
        this.capacityPixels = megapixels * 1_000_000;
        this.kilopixels = new Semaphore(Math.toIntExact(megapixels * 1_000), true);
        this.patience = patience;
    }

    /** {@code BACKDROP_MEMORY_BUDGET} (megapixels), else {@link #DEFAULT_MEGAPIXELS}. */
    public static MemoryBudget fromEnvironment(Map<String, String> env) {
        String value = env.get("BACKDROP_MEMORY_BUDGET");
        if (value == null || value.isBlank()) {
            return new MemoryBudget(DEFAULT_MEGAPIXELS);
        }
        try {
            return new MemoryBudget(Long.parseLong(value.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BACKDROP_MEMORY_BUDGET must be a whole number of megapixels from 1"
                    + " to 2000, got '" + value + "'");
        }
    }

    /**
     * Reserves {@code pixels}; the lease gives them back when closed.
     *
     * @throws ImageTooLargeException the request alone needs more than the whole budget
     * @throws OverloadedException    the budget stayed taken for longer than the patience
     */
    public Lease reserve(long pixels) {
        if (pixels > capacityPixels) {
            throw new ImageTooLargeException(String.format(Locale.ROOT, "this request needs %.1f megapixels in"
                    + " memory at once (its images and output canvas); this server works on at most %.1f"
                    + " (BACKDROP_MEMORY_BUDGET)", pixels / 1e6, capacityPixels / 1e6));
        }
        int permits = (int) Math.max(1, (pixels + 999) / 1000);
        try {
            if (!kilopixels.tryAcquire(permits, patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new OverloadedException(RETRY_AFTER_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException(RETRY_AFTER_SECONDS);
        }
        return new Lease(permits);
    }

    /** Pixels reserved now, for metrics and tests. */
    public long reservedPixels() {
        return capacityPixels - kilopixels.availablePermits() * 1000L;
    }

    /** Reserved pixels, given back once however often it is closed. */
    public final class Lease implements AutoCloseable {

        private final int permits;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(int permits) {
            this.permits = permits;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                kilopixels.release(permits);
            }
        }
    }
}
