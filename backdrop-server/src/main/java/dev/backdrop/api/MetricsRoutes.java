package dev.backdrop.api;

import dev.backdrop.metrics.ServerMetrics;
import io.javalin.config.JavalinConfig;
import io.javalin.router.Endpoint;

/**
 * {@code GET /metrics} for Prometheus, and the timing of every request. Requests are labelled by
 * the route they matched ({@code /v1/jobs/{id}}, not the job's id) so the number of series stays
 * small; requests that matched no route share one label.
 */
public final class MetricsRoutes implements ApiServer.Routes {

    static final String UNMATCHED = "unmatched";

    private final ServerMetrics metrics;

    public MetricsRoutes(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        config.requestLogger.http((ctx, millis) -> {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            metrics.request(ctx.method().name(), endpoint == null ? UNMATCHED : endpoint.path, ctx.statusCode(), millis);
        });
    }
}
