package dev.backdrop.api;

import dev.backdrop.accounts.Caller;
import io.javalin.config.JavalinConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/account}: the caller's key and remaining credits. */
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
    }
}
