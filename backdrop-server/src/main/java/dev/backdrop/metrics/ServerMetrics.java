package dev.backdrop.metrics;

import dev.backdrop.accounts.CreditObserver;
import dev.backdrop.jobs.JobStatus;
import dev.backdrop.pipeline.PipelineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The server's metrics, in the Prometheus text format: HTTP requests by route template and status,
 * pipeline stage timings, work queue depth, credits charged and refunded, and jobs by status.
 * It hears pipeline stages and ledger moves directly, as their observer.
 */
public final class ServerMetrics implements PipelineObserver, CreditObserver {

    /** Latency buckets from a cached file to a multi-sample diffusion run. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter charged;
    private final Counter refunded;
    private final MultiGauge jobs;
    private Supplier<Map<JobStatus, Long>> jobCounts = Map::of;

    public ServerMetrics() {
        charged = Counter.builder("backdrop.credits.charged").description("Credits charged for work")
                .register(registry);
        refunded = Counter.builder("backdrop.credits.refunded").description("Credits given back for failed work")
                .register(registry);
        jobs = MultiGauge.builder("backdrop.jobs").description("Jobs in the database by status").register(registry);
    }

    /** Reports the depth (waiting and running) of the work queue. */
    public void watchQueue(IntSupplier depth) {
        Gauge.builder("backdrop.work.queue.depth", depth::getAsInt).description("Images waiting or being processed")
                .register(registry);
    }

    /** Reports jobs by status, counted at each scrape. */
    public void watchJobs(Supplier<Map<JobStatus, Long>> counts) {
        this.jobCounts = counts;
    }

    public void request(String method, String route, int status, double millis) {
        Timer.builder("backdrop.http.requests").description("HTTP requests by route template and status")
                .tags(Tags.of("method", method, "route", route, "status", String.valueOf(status)))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    @Override
    public void stage(String stage, long nanos) {
        Timer.builder("backdrop.pipeline.stage").description("Time spent in each pipeline stage")
                .tag("stage", stage)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void charged(long credits) {
        charged.increment(credits);
    }

    @Override
    public void refunded(long credits) {
        refunded.increment(credits);
    }

    /** The text a Prometheus server scrapes. */
    public String scrape() {
        Map<JobStatus, Long> counts = jobCounts.get();
        jobs.register(counts.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("status", e.getKey().wireName()), e.getValue()))
                .toList(), true);
        return registry.scrape();
    }
}
