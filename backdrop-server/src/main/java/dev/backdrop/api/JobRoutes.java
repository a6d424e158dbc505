package dev.backdrop.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.accounts.Caller;
import dev.backdrop.jobs.NewJob;
import dev.backdrop.jobs.IdempotencyKey;
import dev.backdrop.jobs.JobStore;
import dev.backdrop.jobs.JobView;
import dev.backdrop.jobs.Submission;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.InvalidRequestException;
import dev.backdrop.request.JobWork;
import dev.backdrop.request.Ranges;
import dev.backdrop.request.ReplaceOrder;
import dev.backdrop.service.JobService;
import dev.backdrop.storage.PublicUrls;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/jobs} and {@code GET /v1/jobs/{id}}: the same work as the synchronous endpoints,
 * under the native rules ({@link Ranges#NATIVE}), queued. A submission is checked, paid and queued
 * at once (202); workers run it later.
 */
public final class JobRoutes implements ApiServer.Routes {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final JobService jobs;
    private final JobStore store;
    private final JobView view;
    private final Billing billing;
    private final PublicUrls urls;
    private final ObjectMapper json;

    public JobRoutes(JobService jobs, JobStore store, Billing billing, PublicUrls urls, ObjectMapper json) {
        this.jobs = jobs;
        this.store = store;
        this.view = new JobView(json);
        this.billing = billing;
        this.urls = urls;
        this.json = json;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.post("/v1/jobs", this::submit);
        config.routes.get("/v1/jobs/{id}", this::show);
    }

    /** A job body as the native rules read it: {@code kind} (replace or cutout) picks the order. */
    static JobWork work(JsonFields body) {
        String kind = body.optionalString("kind", "replace");
        return switch (kind.strip().toLowerCase(Locale.ROOT)) {
            case "replace" -> ReplaceOrder.read(body, Ranges.NATIVE);
            case "cutout" -> CutoutOrder.read(body);
            default -> throw new InvalidRequestException("kind", "kind must be replace or cutout, not '" + kind + "'");
        };
    }

    private void submit(Context ctx) throws Exception {
        Caller authenticated = billing.caller(ctx);
        Caller owner = billing.owner(authenticated);
        byte[] raw = ctx.bodyAsBytes();
        JsonFields body = JsonFields.parse(json, raw);
        String idempotency = ctx.header(IDEMPOTENCY_KEY);
        IdempotencyKey key = idempotency == null ? null : IdempotencyKey.of(idempotency, "POST", "/v1/jobs", raw);
        JobWork work = work(body);
        String webhook = body.optionalString("webhook_url", null, NewJob.MAX_WEBHOOK_URL);
        Submission s = jobs.submit(owner, authenticated != null, work, webhook == null || webhook.isBlank() ? null
                : webhook, key);
        if (authenticated != null) {
            ctx.header(Billing.REMAINING, String.valueOf(s.creditsLeft()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.job().id());
        out.put("status", s.job().status().wireName());
        out.put("status_url", urls.base() + "/v1/jobs/" + s.job().id());
        ctx.status(202).json(out);
    }

    private void show(Context ctx) {
        Caller owner = billing.owner(billing.caller(ctx));
        ctx.json(view.render(store.find(owner.accountId(), ctx.pathParam("id"))));
    }
}
