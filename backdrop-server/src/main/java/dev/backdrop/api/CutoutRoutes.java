package dev.backdrop.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.Pricing;
import dev.backdrop.image.Encoding;
import dev.backdrop.image.ImageEncoder;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.image.RgbImage;
import dev.backdrop.segment.Cutout;
import dev.backdrop.storage.PublicUrls;
import dev.backdrop.storage.ResultKeys;
import dev.backdrop.storage.ResultStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/cutout}: background removal only. The photo comes as JSON ({@code image}: URL or
 * base64) or as a multipart upload (field {@code image}); {@code output} picks the answer:
 * {@code image} (PNG or WebP with alpha, the default), {@code mask} (gray PNG) or {@code json}
 * (stored URLs, confidence and the subject's box).
 */
public final class CutoutRoutes implements ApiServer.Routes {

    private final ReplaceService service;
    private final ImageInputs inputs;
    private final Billing billing;
    private final Pricing pricing;
    private final ObjectMapper json;
    private final IdempotentRequests idempotency;
    private final ResultStore store;
    private final ResultKeys keys;
    private final PublicUrls urls;
    private final ImageEncoder encoder = new ImageEncoder();

    public CutoutRoutes(ReplaceService service, ImageInputs inputs, Billing billing, Pricing pricing, ObjectMapper json,
                        ResultStore store, ResultKeys keys, PublicUrls urls,
            IdempotentRequests idempotency) {
        this.idempotency = idempotency;
        this.service = service;
        this.inputs = inputs;
        this.billing = billing;
        this.pricing = pricing;
        this.json = json;
        this.store = store;
        this.keys = keys;
        this.urls = urls;
    }

    private enum Output { IMAGE, MASK, JSON }

    private record Options(ImageFormat format, Output output, boolean crop) {
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.post("/v1/cutout", idempotency.wrap(this::cutout));
    }

    private void cutout(Context ctx) throws Exception {
        Caller caller = billing.caller(ctx);
        byte[] photoBytes;
        String imageField = null;
        Options options;
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("multipart/")) {
            UploadedFile file = ctx.uploadedFile("image");
            if (file == null) {
                throw new InvalidRequestException("image", "upload the photo in the multipart field 'image'");
            }
            try (InputStream in = file.content()) {
                photoBytes = in.readAllBytes();
            }
            options = options(ctx.formParam("format"), ctx.formParam("output"), "true".equalsIgnoreCase(ctx.formParam("crop")));
        } else {
            JsonFields body = JsonFields.parse(json, ctx.bodyAsBytes());
            imageField = body.requiredString("image");
            photoBytes = null;
            options = options(body.optionalString("format", null), body.optionalString("output", null),
                    body.bool("crop", false));
        }
        if (!service.isReady()) {
            throw new NotReadyException();
        }
        String reference = "cutout " + UUID.randomUUID();
        Billing.Charge charge = billing.charge(ctx, caller, pricing.cutout(1), reference);
        Cutout cutout;
        try {
            byte[] given = photoBytes;
            String field = imageField;
            RgbImage photo = ReplaceService.await(service.read(() -> (given != null ? inputs.decode(given)
                    : inputs.read("image", field)).pixels().rgb()));
            cutout = ReplaceService.await(service.cutout(photo));
            if (options.crop()) {
                cutout = cutout.cropped();
            }
        } catch (RuntimeException e) {
            billing.refund(ctx, charge, reference + " failed");
            throw e;
        }
        byte[] image = encoder.encode(cutout.image(), options.format() == ImageFormat.WEBP
                ? Encoding.webpLossless() : Encoding.pngFast());
        switch (options.output()) {
            case IMAGE -> ctx.contentType(options.format().mimeType()).result(image);
            case MASK -> ctx.contentType(ImageFormat.PNG.mimeType()).result(encoder.encodeMask(cutout.mask()));
            case JSON -> {
                ResultKeys.Batch batch = keys.newResults();
                String imageKey = batch.key(0, options.format().extension());
                String maskKey = batch.key(1, ImageFormat.PNG.extension());
                store.put(imageKey, image, options.format().mimeType());
                store.put(maskKey, encoder.encodeMask(cutout.mask()), ImageFormat.PNG.mimeType());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("image_url", urls.fileUrl(imageKey));
                body.put("mask_url", urls.fileUrl(maskKey));
                body.put("width", cutout.image().width());
                body.put("height", cutout.image().height());
                body.put("confidence", cutout.confidence());
                body.put("box", cutout.box());
                ctx.json(body);
            }
        }
    }

    private static Options options(String format, String output, boolean crop) {
        ImageFormat f = format == null ? ImageFormat.PNG : ImageFormat.forName(format).filter(ImageFormat::keepsAlpha)
                .orElseThrow(() -> new InvalidRequestException("format", "format must be png or webp, not '" + format + "'"));
        Output o;
        try {
            o = output == null ? Output.IMAGE : Output.valueOf(output.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("output", "output must be image, mask or json, not '" + output + "'");
        }
        return new Options(f, o, crop);
    }
}
