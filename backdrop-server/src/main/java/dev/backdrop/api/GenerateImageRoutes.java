package dev.backdrop.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.BackdropException;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.Pricing;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.pipeline.ReplaceResult;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /service/v1/generate-image}: the batch API. Every image is charged, fetched and
 * processed on its own, concurrently; one that fails carries an {@code error} in its item and is
 * refunded while the others succeed (200). Only when every image fails does the response take the
 * first failure's status.
 */
public final class GenerateImageRoutes implements ApiServer.Routes {

    private final ReplaceService service;
    private final ImageInputs inputs;
    private final ResultPublisher publisher;
    private final Billing billing;
    private final Pricing pricing;
    private final ObjectMapper json;
    private final IdempotentRequests idempotency;

    public GenerateImageRoutes(ReplaceService service, ImageInputs inputs, ResultPublisher publisher, Billing billing,
                               Pricing pricing, ObjectMapper json,
            IdempotentRequests idempotency) {
        this.idempotency = idempotency;
        this.service = service;
        this.inputs = inputs;
        this.publisher = publisher;
        this.billing = billing;
        this.pricing = pricing;
        this.json = json;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.post("/service/v1/generate-image", idempotency.wrap(this::generate));
    }

    private void generate(Context ctx) throws Exception {
        Caller caller = billing.caller(ctx);
        JsonFields body = JsonFields.parse(json, ctx.bodyAsBytes());
        List<String> urls = body.stringList("image_urls", 1, 10);
        JsonFields background = body.object("background");
        String prompt = background.requiredString("prompt");
        String negative = background.optionalString("negative_prompt", "");
        int results = (int) body.integer("result_number", 1, 4, 1);
        if (!service.isReady()) {
            throw new NotReadyException();
        }

        String requestId = UUID.randomUUID().toString();
        // A cut-out is the same for every result: the seed's clients get result_number URLs, charged once.
        int charged = ReplaceRequest.isTransparent(prompt) ? 1 : results;
        List<Billing.Charge> charges = new ArrayList<>();
        try {
            for (int i = 0; i < urls.size(); i++) {
                charges.add(billing.charge(ctx, caller, pricing.generateImage(1, charged),
                        "generate-image " + requestId + " #" + i));
            }
        } catch (BackdropException e) {
            charges.forEach(c -> billing.refund(ctx, c, "generate-image " + requestId + " not started"));
            throw e;
        }

        List<CompletableFuture<List<String>>> work = new ArrayList<>();
        List<ReplaceResult> made = java.util.Collections.synchronizedList(new ArrayList<>());
        for (String url : urls) {
            work.add(service.read(() -> inputs.read("image_urls", url).pixels().rgb())
                    .thenCompose(photo -> service.replace(ReplaceRequest.of(photo, prompt, negative, results, -1),
                            PipelineObserver.NONE))
                    .thenApply(done -> {
                        made.addAll(done);
                        return publisher.publish(done, null);
                    }));
        }

        List<Map<String, Object>> data = new ArrayList<>();
        BackdropException firstFailure = null;
        for (int i = 0; i < urls.size(); i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("original_image_url", urls.get(i));
            try {
                item.put("generated_image_urls", ReplaceService.await(work.get(i)));
            } catch (RuntimeException e) {
                billing.refund(ctx, charges.get(i), "generate-image " + requestId + " #" + i + " failed");
                BackdropException known = e instanceof BackdropException b ? b : new InternalFailure(e);
                firstFailure = firstFailure == null ? known : firstFailure;
                item.put("generated_image_urls", List.of());
                item.put("error", Map.of("error", known.getMessage(), "code", known.code(),
                        "status", ErrorStatus.of(known)));
            }
            data.add(item);
        }
        if (firstFailure != null && data.stream().allMatch(item -> item.containsKey("error"))) {
            throw firstFailure;
        }
        ResultHeaders.upscaled(ctx, List.copyOf(made));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("message", "Success");
        response.put("data", data);
        ctx.json(response);
    }
}
