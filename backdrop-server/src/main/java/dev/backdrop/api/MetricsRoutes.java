package dev.backdrop.api;

import dev.backdrop.accounts.AccessTokens;
import dev.backdrop.accounts.InvalidAccessTokenException;
import dev.backdrop.metrics.ServerMetrics;
import io.javalin.config.JavalinConfig;
import io.javalin.router.Endpoint;

/**
 * {@code GET /metrics} for Prometheus (behind a bearer token), and the timing of every request. Requests are labelled by
 * the route they matched ({@code /v1/jobs/{id}}, not the job's id) so the number of series stays
 * small; requests that matched no route share one label.
 */
public final class MetricsRoutes implements ApiServer.Routes {

    static final String UNMATCHED = "unmatched";

    private final ServerMetrics metrics;
    private final AccessTokens tokens;

    public MetricsRoutes(ServerMetrics metrics, AccessTokens tokens) {
        this.metrics = metrics;
        this.tokens = tokens;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/metrics", ctx -> {
            // Prometheus sends the token as a bearer token (its scrape config's authorization block).
            if (!tokens.mayScrape(AdminRoutes.bearer(ctx))) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new InvalidAccessTokenException("/metrics needs a bearer token: BACKDROP_METRICS_TOKEN or the"
                        + " admin token");
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
        config.requestLogger.http((ctx, millis) -> {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            metrics.request(ctx.method().name(), endpoint == null ? UNMATCHED : endpoint.path, ctx.statusCode(), millis);
        });
    }
}
