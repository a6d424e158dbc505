package dev.backdrop.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.BackdropException;
import dev.backdrop.request.GenerateBatchOrder;
import dev.backdrop.service.BatchOutcome;
import dev.backdrop.service.SynchronousWork;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /service/v1/generate-image}: the batch API. Every image is charged, fetched and
 * processed on its own, concurrently; one that fails carries an {@code error} in its item and is
 * refunded while the others succeed (200). Only when every image fails does the response take the
 * first failure's status.
 */
public final class GenerateImageRoutes implements ApiServer.Routes {

    private final SynchronousWork work;
    private final Billing billing;
    private final ObjectMapper json;
    private final IdempotentRequests idempotency;

    public GenerateImageRoutes(SynchronousWork work, Billing billing, ObjectMapper json, IdempotentRequests idempotency) {
        this.work = work;
        this.billing = billing;
        this.json = json;
        this.idempotency = idempotency;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.post("/service/v1/generate-image", idempotency.wrap(this::generate));
    }

    private void generate(Context ctx) {
        var payer = billing.payer(ctx);
        JsonFields body = JsonFields.parse(json, ctx.bodyAsBytes());
        List<String> urls = body.stringList("image_urls", 1, 10);
        GenerateBatchOrder order = GenerateBatchOrder.read(urls, body.object("background"),
                body.integer("result_number"));
        BatchOutcome outcome = work.generateBatch(payer, order);

        if (outcome.allFailed()) {
            throw outcome.items().get(0).error();
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            BatchOutcome.Item made = outcome.items().get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("original_image_url", urls.get(i));
            item.put("generated_image_urls", made.urls());
            if (made.error() != null) {
                BackdropException e = made.error();
                item.put("error", Map.of("error", e.getMessage(), "code", e.code(), "status", ErrorStatus.of(e)));
            }
            data.add(item);
        }
        ResultHeaders.upscaled(ctx, outcome.upscaled());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("message", "Success");
        response.put("data", data);
        ctx.json(response);
    }
}
