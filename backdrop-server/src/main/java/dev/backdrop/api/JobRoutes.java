package dev.backdrop.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.Pricing;
import dev.backdrop.compose.AspectPreset;
import dev.backdrop.compose.InvalidCompositionException;
import dev.backdrop.compose.Placement;
import dev.backdrop.compose.ShadowStyle;
import dev.backdrop.fetch.UrlFetcher;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.image.UnsupportedImageException;
import dev.backdrop.jobs.IdempotencyKey;
import dev.backdrop.jobs.JobSpec;
import dev.backdrop.jobs.JobStore;
import dev.backdrop.jobs.JobSubmissions;
import dev.backdrop.jobs.JobView;
import dev.backdrop.jobs.NewJob;
import dev.backdrop.jobs.Submission;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.storage.PublicUrls;
import dev.backdrop.storage.ResultKeys;
import dev.backdrop.storage.ResultStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /v1/jobs} and {@code GET /v1/jobs/{id}}: the same work as the synchronous endpoints,
 * queued. A submission is checked, paid and queued at once (202); workers run it later. Images
 * sent inline are stored first, so the queued row stays small and a worker in another process can
 * read them; URLs are fetched by the worker.
 */
public final class JobRoutes implements ApiServer.Routes {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final JobSubmissions submissions;
    private final JobStore jobs;
    private final JobView view;
    private final Billing billing;
    private final Supplier<Caller> unauthenticatedOwner;
    private final PriceList prices;
    private final ImageInputs inputs;
    private final UrlFetcher fetcher;
    private final ResultStore store;
    private final ResultKeys keys;
    private final PublicUrls urls;
    private final ObjectMapper json;
    private final Runnable submitted;

    /**
     * @param unauthenticatedOwner owns the jobs when authentication is off (nobody is charged then)
     * @param submitted            told of each new job, so an idle worker can look at once
     */
    public JobRoutes(JobSubmissions submissions, JobStore jobs, Billing billing, Supplier<Caller> unauthenticatedOwner,
                     PriceList prices, ImageInputs inputs, UrlFetcher fetcher, ResultStore store, ResultKeys keys,
                     PublicUrls urls, ObjectMapper json, Runnable submitted) {
        this.submissions = submissions;
        this.jobs = jobs;
        this.view = new JobView(json);
        this.billing = billing;
        this.unauthenticatedOwner = unauthenticatedOwner;
        this.prices = prices;
        this.inputs = inputs;
        this.fetcher = fetcher;
        this.store = store;
        this.keys = keys;
        this.urls = urls;
        this.json = json;
        this.submitted = submitted;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.post("/v1/jobs", this::submit);
        config.routes.get("/v1/jobs/{id}", this::show);
    }

    private void submit(Context ctx) throws Exception {
        Caller authenticated = billing.caller(ctx);
        Caller owner = authenticated != null ? authenticated : unauthenticatedOwner.get();
        byte[] raw = ctx.bodyAsBytes();
        JsonFields body = JsonFields.of(json.readTree(raw));
        String idempotency = ctx.header(IDEMPOTENCY_KEY);
        IdempotencyKey key = idempotency == null ? null : IdempotencyKey.of(idempotency, "POST", "/v1/jobs", raw);

        JobSpec.Kind kind = kind(body.optionalString("kind", "replace"));
        String webhook = body.optionalString("webhook_url", null);
        if (webhook != null && !webhook.isBlank()) {
            fetcher.check(webhook);
        } else {
            webhook = null;
        }
        Draft draft = kind == JobSpec.Kind.CUTOUT ? cutout(body) : replace(body);
        long cost = authenticated == null ? 0 : kind == JobSpec.Kind.CUTOUT ? prices.cutout()
                : prices.bgReplace(draft.samples, draft.steps);

        ResultKeys.Batch batch = keys.newInputs();
        JobSpec spec = draft.spec(kind, input("image", draft.image, batch, 0),
                draft.refImage == null ? null : input("ref_image", draft.refImage, batch, 1));
        Submission s;
        try {
            s = submissions.submit(owner, new NewJob(kind.wireName(), json.writeValueAsString(spec), cost, webhook), key);
        } catch (RuntimeException e) {
            forget(spec);
            throw e;
        }
        if (s.replayed()) {
            // the first submission stored its own copy
            forget(spec);
        }
        if (authenticated != null) {
            ctx.header(Billing.REMAINING, String.valueOf(s.creditsLeft()));
        }
        if (!s.replayed()) {
            submitted.run();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.job().id());
        out.put("status", s.job().status().wireName());
        out.put("status_url", urls.base() + "/v1/jobs/" + s.job().id());
        ctx.status(202).json(out);
    }

    private void show(Context ctx) {
        Caller authenticated = billing.caller(ctx);
        Caller owner = authenticated != null ? authenticated : unauthenticatedOwner.get();
        ctx.json(view.render(jobs.find(owner.accountId(), ctx.pathParam("id"))));
    }

    /** Removes the inputs stored for a submission that queued nothing. */
    private void forget(JobSpec spec) {
        for (JobSpec.Input input : new JobSpec.Input[] {spec.image(), spec.refImage()}) {
            if (input != null && input.storedKey() != null) {
                store.delete(input.storedKey());
            }
        }
    }

    private static JobSpec.Kind kind(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "replace" -> JobSpec.Kind.REPLACE;
            case "cutout" -> JobSpec.Kind.CUTOUT;
            default -> throw new InvalidRequestException("kind", "kind must be replace or cutout, not '" + text + "'");
        };
    }

    /** An input URL is checked now (refused hosts fail the request, not the job); inline data is stored. */
    private JobSpec.Input input(String field, String value, ResultKeys.Batch batch, int index) {
        String v = value.strip();
        if (v.regionMatches(true, 0, "http://", 0, 7) || v.regionMatches(true, 0, "https://", 0, 8)) {
            fetcher.check(v);
            return JobSpec.Input.fetched(v);
        }
        byte[] bytes = inputs.bytes(field, v);
        ImageFormat format = ImageFormat.detect(bytes).orElseThrow(() -> new UnsupportedImageException(
                field + " is not an image in a format Backdrop reads (PNG, JPEG, WebP, BMP, TIFF)"));
        String stored = batch.key(index, format.extension());
        store.put(stored, bytes, format.mimeType());
        return JobSpec.Input.stored(stored);
    }

    private Draft replace(JsonFields body) {
        BgReplaceRoutes.Parsed p = BgReplaceRoutes.Parsed.from(body);
        return new Draft(p.image(), p.refImage(), p.prompt(), p.negativePrompt(), p.samples(), p.seed(),
                p.scheduler().apiName(), p.steps(), p.guidanceScale(), p.strength(), p.cnWeight(), p.ipAdapterWeight(),
                Options.from(body));
    }

    private Draft cutout(JsonFields body) {
        return new Draft(body.requiredString("image"), null, ReplaceRequest.TRANSPARENT, "", 1, -1, null, 25, 7.5, 1,
                0.9, 0.5, Options.from(body));
    }

    /** What the job body says about the output, beyond the bg-replace fields. */
    private record Options(String format, String aspect, String placement, boolean shadow, boolean preserveProduct,
                           boolean layers, String shadowStyle, Double shadowStrength, Double fill, Double padding) {

        static Options from(JsonFields body) {
            String format = body.optionalString("format", null);
            if (format != null) {
                format = ImageFormat.forName(format).filter(ImageFormat::writable)
                        .filter(f -> f == ImageFormat.JPEG || f == ImageFormat.PNG || f == ImageFormat.WEBP)
                        .map(ImageFormat::extension)
                        .orElseThrow(() -> new InvalidRequestException("format", "format must be jpeg, png or webp"));
            }
            String aspect = body.optionalString("aspect", "original").strip().toLowerCase(Locale.ROOT);
            if (!aspect.equals("original")) {
                try {
                    AspectPreset.parse(aspect);
                } catch (InvalidCompositionException e) {
                    throw new InvalidRequestException("aspect",
                            "aspect must be original, 1:1, 4:5, 16:9 or marketplace, not '" + aspect + "'");
                }
            }
            String placement = body.optionalString("placement", "keep").strip().toLowerCase(Locale.ROOT);
            if (!placement.equals("keep") && !placement.equals("center")) {
                throw new InvalidRequestException("placement", "placement must be keep or center, not '" + placement + "'");
            }
            // shadow: true (soft) / false (none) as before, or the style's name.
            ShadowStyle.Kind kind;
            if (body.isString("shadow")) {
                try {
                    kind = ShadowStyle.Kind.parse("shadow", body.optionalString("shadow", "soft"));
                } catch (InvalidCompositionException e) {
                    throw new InvalidRequestException("shadow", "shadow must be none, soft, hard, true or false, not '"
                            + body.optionalString("shadow", "") + "'");
                }
            } else {
                kind = body.bool("shadow", true) ? ShadowStyle.Kind.SOFT : ShadowStyle.Kind.NONE;
            }
            Double strength = body.has("shadow_strength") ? body.number("shadow_strength", 0, 1, ShadowStyle.DEFAULT_STRENGTH)
                    : null;
            Double fill = body.has("fill") ? body.number("fill", 0.05, 1, Placement.DEFAULT_FILL) : null;
            Double padding = body.has("padding") ? body.number("padding", 0, 0.45, Placement.DEFAULT_PADDING) : null;
            if ((fill != null || padding != null) && !placement.equals("center")) {
                throw new InvalidRequestException(fill != null ? "fill" : "padding",
                        (fill != null ? "fill" : "padding") + " applies to placement center; add \"placement\": \"center\"");
            }
            return new Options(format, aspect, placement, kind != ShadowStyle.Kind.NONE,
                    body.bool("preserve_product", true), body.bool("layers", false), kind.wireName(), strength, fill,
                    padding);
        }
    }

    private record Draft(String image, String refImage, String prompt, String negativePrompt, int samples, long seed,
                         String scheduler, int steps, double guidanceScale, double strength, double cnWeight,
                         double ipAdapterWeight, Options options) {

        JobSpec spec(JobSpec.Kind kind, JobSpec.Input photo, JobSpec.Input reference) {
            return new JobSpec(kind, photo, reference, prompt, negativePrompt, samples, seed, scheduler, steps,
                    guidanceScale, strength, cnWeight, ipAdapterWeight, options.format(), options.aspect(),
                    options.placement(), options.shadow(), options.preserveProduct(), options.layers(),
                    options.shadowStyle(), options.shadowStrength(), options.fill(), options.padding());
        }
    }
}
