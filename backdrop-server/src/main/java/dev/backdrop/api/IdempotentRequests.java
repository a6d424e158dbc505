package dev.backdrop.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backdrop.accounts.Caller;
import dev.backdrop.jobs.IdempotencyConflictException;
import dev.backdrop.jobs.IdempotencyKey;
import dev.backdrop.jobs.IdempotencyOutcome;
import dev.backdrop.jobs.IdempotencyStore;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;

/**
 * {@code Idempotency-Key} for the synchronous endpoints: the first request with a key runs and its
 * successful response (status, content type, body and the headers that describe the result) is
 * kept; a repeat with the same key and body gets that response again without running or being
 * charged; the same key with another body is refused (422). A request that fails is forgotten,
 * so the client may retry it with the same key. Without authentication ({@code --no-auth}) the
 * keys are kept for the account that owns the jobs there, as {@code POST /v1/jobs} keeps them.
 */
public final class IdempotentRequests {

    /** Response headers that belong to the result and are replayed with it. */
    private static final List<String> KEPT_HEADERS = List.of("x-seed", "x-ignored-parameters");

    private final IdempotencyStore store;
    private final Billing billing;
    private final ObjectMapper json;

    public IdempotentRequests(IdempotencyStore store, Billing billing, ObjectMapper json) {
        this.store = store;
        this.billing = billing;
        this.json = json;
    }

    /** {@code handler} made idempotent for requests that carry the header. */
    public Handler wrap(Handler handler) {
        return ctx -> {
            String header = ctx.header(JobRoutes.IDEMPOTENCY_KEY);
            if (header == null) {
                handler.handle(ctx);
                return;
            }
            Caller caller = billing.owner(billing.caller(ctx));
            IdempotencyKey key = IdempotencyKey.of(header, ctx.method().name(), ctx.path(), ctx.bodyAsBytes());
            IdempotencyOutcome outcome = store.begin(caller.accountId(), key);
            if (outcome instanceof IdempotencyOutcome.ReplayResponse replay) {
                replay(ctx, replay);
                return;
            }
            if (outcome instanceof IdempotencyOutcome.ReplayJob) {
                // the key was spent on a job submission
                throw new IdempotencyConflictException(key.key());
            }
            try {
                handler.handle(ctx);
            } catch (Exception | Error e) {
                store.abandon(caller.accountId(), key);
                throw e;
            }
            int status = ctx.statusCode();
            if (status < 200 || status >= 300) {
                store.abandon(caller.accountId(), key);
                return;
            }
            store.finish(caller.accountId(), key, status, ctx.res().getContentType(), record(ctx));
        };
    }

    /** The body (kept as base64: it may be an image) and the result's headers, as one JSON text. */
    private String record(Context ctx) throws Exception {
        byte[] body;
        try (InputStream in = ctx.resultInputStream()) {
            body = in == null ? new byte[0] : in.readAllBytes();
        }
        ctx.result(body);
        ObjectNode kept = json.createObjectNode();
        kept.put("body", Base64.getEncoder().encodeToString(body));
        ObjectNode headers = kept.putObject("headers");
        for (String name : KEPT_HEADERS) {
            String value = ctx.res().getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return json.writeValueAsString(kept);
    }

    private void replay(Context ctx, IdempotencyOutcome.ReplayResponse replay) throws Exception {
        JsonNode kept = json.readTree(replay.body());
        kept.path("headers").properties().forEach(h -> ctx.header(h.getKey(), h.getValue().asText()));
        ctx.status(replay.status());
        if (replay.contentType() != null) {
            ctx.contentType(replay.contentType());
        }
        ctx.result(Base64.getDecoder().decode(kept.path("body").asText()));
    }
}
