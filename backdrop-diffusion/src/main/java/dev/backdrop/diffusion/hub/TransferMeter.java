package dev.backdrop.diffusion.hub;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/** The download rate over the last few seconds, so the time left follows the link as it is now. */
final class TransferMeter {

    private static final long WINDOW_NANOS = 5_000_000_000L;
    private static final long SAMPLE_NANOS = 200_000_000L;

    private final LongSupplier nanoClock;
    private final Deque<long[]> samples = new ArrayDeque<>();
    private long received;

    TransferMeter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        samples.add(new long[] {nanoClock.getAsLong(), 0});
    }

    void add(long bytes) {
        received += bytes;
        long now = nanoClock.getAsLong();
        if (now - samples.getLast()[0] >= SAMPLE_NANOS) {
            samples.add(new long[] {now, received});
            while (samples.size() > 2 && now - samples.getFirst()[0] > WINDOW_NANOS) {
                samples.removeFirst();
            }
        }
    }

    double bytesPerSecond() {
        long[] first = samples.getFirst();
        long[] last = samples.getLast();
        long nanos = last[0] - first[0];
        return nanos <= 0 ? 0 : (last[1] - first[1]) * 1e9 / nanos;
    }
}
