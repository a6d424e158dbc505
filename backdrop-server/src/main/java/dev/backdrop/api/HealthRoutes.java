package dev.backdrop.api;

import io.javalin.config.JavalinConfig;
import java.util.Map;

/** Liveness and readiness. */
public final class HealthRoutes implements ApiServer.Routes {

    private final Readiness readiness;

    public HealthRoutes(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        config.routes.get("/readyz", ctx -> {
            String waiting = readiness.waitingFor();
            if (waiting == null) {
                ctx.json(Map.of("status", "ready", "generator", readiness.generator()));
            } else {
                ctx.status(503).json(Map.of("status", "starting", "waiting_for", waiting));
            }
        });
    }
}
