package dev.backdrop.filter;

import java.util.stream.IntStream;

/**
 * Splits a loop over the rows (or columns) of a plane into contiguous bands run on the common
 * fork-join pool. Callers keep each element's arithmetic independent of the split, so a result is
 * the same bit for bit whatever the number of cores.
 */
public final class Bands {

    /** Below this many elements in all, one thread is faster than handing work out. */
    private static final long SERIAL_LIMIT = 1 << 15;

    private Bands() {
    }

    /** What runs on one band: the items {@code [from, to)}. */
    @FunctionalInterface
    public interface Band {
        void run(int from, int to);
    }

    /** Runs {@code band} over {@code [0, count)}, each item costing about {@code itemSize} elements of work. */
    public static void run(int count, int itemSize, Band band) {
        int threads = Runtime.getRuntime().availableProcessors();
        if (threads == 1 || count < 2 || (long) count * itemSize < SERIAL_LIMIT) {
            band.run(0, count);
            return;
        }
        // Twice the cores, so a band slowed by another process's work does not hold up the rest.
        int bands = Math.min(count, 2 * threads);
        IntStream.range(0, bands).parallel()
                .forEach(b -> band.run((int) ((long) count * b / bands), (int) ((long) count * (b + 1) / bands)));
    }
}
