package dev.backdrop.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long stored objects are kept, and the sweep that removes older ones: results (what the
 * URLs in answers point to) 30 days, job inputs 24 hours, unless {@code BACKDROP_RESULTS_TTL} /
 * {@code BACKDROP_INPUTS_TTL} say otherwise ({@code 90s}, {@code 15m}, {@code 24h}, {@code 30d}).
 * The file store and S3 alike; a sweep runs at start and then every tenth of the shorter time
 * (at most hourly).
 */
public final class Retention implements AutoCloseable {

    public static final Duration DEFAULT_RESULTS = Duration.ofDays(30);
    public static final Duration DEFAULT_INPUTS = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final ResultStore store;
    private final Duration results;
    private final Duration inputs;
    private final Clock clock;
    private final ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backdrop-retention");
        t.setDaemon(true);
        return t;
    });

    public Retention(ResultStore store, Duration results, Duration inputs, Clock clock) {
        if (results.isNegative() || results.isZero() || inputs.isNegative() || inputs.isZero()) {
            throw new IllegalArgumentException("retention times must be positive");
        }
        this.store = store;
        this.results = results;
        this.inputs = inputs;
        this.clock = clock;
    }

    /** The times the environment gives, else the defaults. */
    public static Retention fromEnvironment(ResultStore store, Map<String, String> env) {
        return new Retention(store, duration(env, "BACKDROP_RESULTS_TTL", DEFAULT_RESULTS),
                duration(env, "BACKDROP_INPUTS_TTL", DEFAULT_INPUTS), Clock.systemUTC());
    }

    /** Starts sweeping in the background. */
    public Retention start() {
        long every = Math.min(Duration.ofHours(1).toMillis(), Math.max(1000, shorter().toMillis() / 10));
        sweeps.scheduleWithFixedDelay(this::sweepQuietly, 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Removes what is older than its time now; returns how many objects. */
    public int sweep() {
        return store.deleteOlderThan(ResultKeys.RESULTS, clock.instant().minus(results))
                + store.deleteOlderThan(ResultKeys.INPUTS, clock.instant().minus(inputs));
    }

    private void sweepQuietly() {
        try {
            int removed = sweep();
            if (removed > 0) {
                LOG.info("retention: removed {} expired object(s) from {}", removed, store.describe());
            }
        } catch (RuntimeException e) {
            // Storage may be briefly away; the next sweep tries again.
            LOG.warn("retention: {}", e.getMessage());
        }
    }

    private Duration shorter() {
        return results.compareTo(inputs) < 0 ? results : inputs;
    }

    static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String value = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            Duration d = switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new InvalidStorageSettingsException(name + " must be a positive time such as 90s, 15m, 24h or 30d,"
                    + " got '" + text + "'");
        }
    }

    @Override
    public void close() {
        sweeps.shutdownNow();
    }
}
