package dev.backdrop.api;

import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.InvalidApiKeyException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/account}: the caller's key and remaining credits; {@code GET /v1/auth}: whether
 * this server asks for a key at all, answered without one (so a page can tell before a key is
 * entered, without a request that is refused).
 */
public final class AccountRoutes implements ApiServer.Routes {

    private final Billing billing;

    public AccountRoutes(Billing billing) {
        this.billing = billing;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/v1/account", ctx -> {
            Caller caller = billing.caller(ctx);
            Map<String, Object> body = new LinkedHashMap<>();
            if (caller == null) {
                body.put("auth", "disabled");
                body.put("credits", null);
            } else {
                body.put("key", caller.key().display());
                body.put("name", caller.key().name());
                body.put("credits", caller.credits());
            }
            ctx.json(body);
        });
        config.routes.get("/v1/auth", ctx -> ctx.json(Map.of("auth", authRequired(ctx) ? "required" : "disabled")));
    }

    /** Billing names no caller only when authentication is off; with it on, any key (or none) is a caller or refused. */
    private boolean authRequired(Context ctx) {
        try {
            return billing.caller(ctx) != null;
        } catch (InvalidApiKeyException e) {
            return true;
        }
    }
}
