package dev.backdrop.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.request.Ranges;
import dev.backdrop.request.ReplaceOrder;
import dev.backdrop.service.ReplaceAnswer;
import dev.backdrop.service.SynchronousWork;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/bg-replace}: the fields, ranges and defaults of the bg-replace API
 * ({@link Ranges#SEED}). With {@code base64: false} the answer is one sample as {@code image/jpeg};
 * otherwise JSON with every sample in base64. The seed used is echoed in {@code x-seed} (and in
 * JSON). Parameters the active background generator does not use are named in
 * {@code x-ignored-parameters}.
 */
public final class BgReplaceRoutes implements ApiServer.Routes {

    /** What the procedural scene generator does not use (it has no denoising loop or ControlNet). */
    public static final List<String> UNUSED_BY_SCENES = List.of("scheduler", "num_inference_steps", "guidance_scale",
            "cn_weight");

    private final SynchronousWork work;
    private final Billing billing;
    private final ObjectMapper json;
    private final IdempotentRequests idempotency;

    public BgReplaceRoutes(SynchronousWork work, Billing billing, ObjectMapper json, IdempotentRequests idempotency) {
        this.work = work;
        this.billing = billing;
        this.json = json;
        this.idempotency = idempotency;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.post("/v1/bg-replace", idempotency.wrap(this::replace));
    }

    /** The seed's fields only: what it does not document (format, placement, ...) takes the native defaults. */
    static ReplaceOrder order(JsonFields body) {
        return ReplaceOrder.read(new SeedFields(body), Ranges.SEED);
    }

    private void replace(Context ctx) {
        var payer = billing.payer(ctx);
        JsonFields body = JsonFields.parse(json, ctx.bodyAsBytes());
        ReplaceOrder asked = order(body);
        boolean base64 = body.bool("base64", true);
        // base64:false answers one JPEG (as the seed does): only that sample is made and charged.
        ReplaceOrder order = base64 ? asked : asked.withSamples(1);
        ReplaceAnswer answer = work.replace(payer, order);
        List<ReplaceAnswer.Sample> results = answer.samples();
        ctx.header("x-seed", String.valueOf(results.get(0).seed()));
        ResultHeaders.upscaled(ctx, answer.upscaled());
        List<String> ignored = new ArrayList<>(work.ignoredParameters());
        if (order.samples() < asked.samples()) {
            ignored.add("samples");
        }
        if (!ignored.isEmpty()) {
            ctx.header("x-ignored-parameters", String.join(",", ignored));
        }
        if (!base64) {
            ctx.contentType(dev.backdrop.image.ImageFormat.JPEG.mimeType()).result(results.get(0).jpeg());
            return;
        }
        Base64.Encoder b64 = Base64.getEncoder();
        List<String> images = results.stream().map(r -> b64.encodeToString(r.jpeg())).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("image", images.get(0));
        out.put("images", images);
        out.put("seed", results.get(0).seed());
        out.put("seeds", results.stream().map(ReplaceAnswer.Sample::seed).toList());
        out.put("prompt_reading", results.get(0).promptReading());
        out.put("ignored_parameters", ignored);
        ctx.json(out);
    }
}
