package dev.backdrop.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.accounts.Caller;
import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.scheduler.UnknownSchedulerException;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.image.RgbImage;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.pipeline.ReplaceResult;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/bg-replace}: the fields, ranges and defaults of the bg-replace API. With
 * {@code base64: false} the answer is the first sample as {@code image/jpeg}; otherwise JSON with
 * every sample in base64. The seed used is echoed in {@code x-seed} (and in JSON). Parameters the
 * active background generator does not use are named in {@code x-ignored-parameters}.
 */
public final class BgReplaceRoutes implements ApiServer.Routes {

    /** What the procedural scene generator does not use (it has no denoising loop or ControlNet). */
    public static final List<String> UNUSED_BY_SCENES = List.of("scheduler", "num_inference_steps", "guidance_scale",
            "cn_weight");

    private final ReplaceService service;
    private final ImageInputs inputs;
    private final Billing billing;
    private final PriceList prices;
    private final ObjectMapper json;
    private final IdempotentRequests idempotency;
    private final ResultPublisher publisher;

    public BgReplaceRoutes(ReplaceService service, ImageInputs inputs, ResultPublisher publisher, Billing billing,
                           PriceList prices, ObjectMapper json,
            IdempotentRequests idempotency) {
        this.idempotency = idempotency;
        this.service = service;
        this.inputs = inputs;
        this.publisher = publisher;
        this.billing = billing;
        this.prices = prices;
        this.json = json;
    }

    /** A validated bg-replace request. */
    record Parsed(String image, String refImage, String prompt, String negativePrompt, int samples,
                  SchedulerName scheduler, int steps, double guidanceScale, long seed, double strength,
                  double cnWeight, double ipAdapterWeight, boolean base64) {

        static Parsed from(JsonFields body) {
            String schedulerName = body.optionalString("scheduler", SchedulerName.DEFAULT.apiName());
            SchedulerName scheduler;
            try {
                scheduler = SchedulerName.parse(schedulerName);
            } catch (UnknownSchedulerException e) {
                throw new InvalidRequestException("scheduler", e.getMessage());
            }
            String image = body.requiredString("image");
            String refImage = body.optionalString("ref_image", null);
            return new Parsed(image, refImage == null || refImage.isBlank() ? null : refImage,
                    body.requiredString("prompt"), body.optionalString("negative_prompt", ""),
                    (int) body.integer("samples", 1, 4, 1), scheduler,
                    (int) body.integer("num_inference_steps", 20, 100, 25),
                    body.number("guidance_scale", 1, 25, 7.5),
                    body.integer("seed", -1, Pipeline.MAX_SEED, -1),
                    body.number("strength", 0, 1, 1), body.number("cn_weight", 0, 1, 0.9),
                    body.number("ip_adapter_weight", 0, 1, 0.5), body.bool("base64", true));
        }

        BackgroundParameters parameters() {
            return new BackgroundParameters(strength, ipAdapterWeight, guidanceScale, steps, scheduler.apiName(), cnWeight);
        }
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.post("/v1/bg-replace", idempotency.wrap(this::replace));
    }

    private void replace(Context ctx) throws Exception {
        Caller caller = billing.caller(ctx);
        Parsed p = Parsed.from(JsonFields.parse(json, ctx.bodyAsBytes()));
        if (!service.isReady()) {
            throw new NotReadyException();
        }
        String reference = "bg-replace " + UUID.randomUUID();
        // base64:false answers one JPEG (as the seed does): only that sample is made and charged.
        int samples = p.base64() ? p.samples() : 1;
        Billing.Charge charge = billing.charge(ctx, caller, prices.bgReplace(samples, p.steps()), reference);
        List<ReplaceResult> results;
        try {
            CompletableFuture<RgbImage> photo = service.read(() -> inputs.read("image", p.image()).pixels().rgb());
            CompletableFuture<RgbImage> ref = p.refImage() == null ? CompletableFuture.completedFuture(null)
                    : service.read(() -> inputs.read("ref_image", p.refImage()).pixels().rgb());
            ReplaceRequest request = new ReplaceRequest(ReplaceService.await(photo), p.prompt(), p.negativePrompt(),
                    ReplaceService.await(ref), samples, p.seed(), p.parameters(), null, null);
            results = ReplaceService.await(service.replace(request, PipelineObserver.NONE));
        } catch (RuntimeException e) {
            billing.refund(ctx, charge, reference + " failed");
            throw e;
        }
        ctx.header("x-seed", String.valueOf(results.get(0).seed()));
        ResultHeaders.upscaled(ctx, results);
        List<String> ignored = new ArrayList<>(service.ignoredParameters());
        if (samples < p.samples()) {
            ignored.add("samples");
        }
        if (!ignored.isEmpty()) {
            ctx.header("x-ignored-parameters", String.join(",", ignored));
        }
        if (!p.base64()) {
            ctx.contentType(ImageFormat.JPEG.mimeType()).result(publisher.encode(results.get(0), ImageFormat.JPEG));
            return;
        }
        Base64.Encoder b64 = Base64.getEncoder();
        List<String> images = results.stream().map(r -> b64.encodeToString(publisher.encode(r, ImageFormat.JPEG))).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", images.get(0));
        body.put("images", images);
        body.put("seed", results.get(0).seed());
        body.put("seeds", results.stream().map(ReplaceResult::seed).toList());
        body.put("prompt_reading", results.get(0).reading() == null ? null : results.get(0).reading().summary());
        body.put("ignored_parameters", ignored);
        ctx.json(body);
    }
}
