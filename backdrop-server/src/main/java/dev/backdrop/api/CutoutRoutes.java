package dev.backdrop.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.ImageSource;
import dev.backdrop.request.InvalidRequestException;
import dev.backdrop.request.RequestFields;
import dev.backdrop.service.CutoutAnswer;
import dev.backdrop.service.SynchronousWork;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import jakarta.servlet.ServletException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code POST /v1/cutout}: background removal only. The photo comes as JSON ({@code image}: URL or
 * base64) or as a multipart upload (field {@code image}); {@code output} picks the answer:
 * {@code image} (PNG or WebP with alpha, the default), {@code mask} (gray PNG) or {@code json}
 * (stored URLs, confidence and the subject's box).
 */
public final class CutoutRoutes implements ApiServer.Routes {

    private final SynchronousWork work;
    private final Billing billing;
    private final ObjectMapper json;
    private final IdempotentRequests idempotency;

    public CutoutRoutes(SynchronousWork work, Billing billing, ObjectMapper json, IdempotentRequests idempotency) {
        this.work = work;
        this.billing = billing;
        this.json = json;
        this.idempotency = idempotency;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.post("/v1/cutout", idempotency.wrap(this::cutout));
    }

    private void cutout(Context ctx) throws Exception {
        var payer = billing.payer(ctx);
        RequestFields fields;
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("multipart/")) {
            fields = upload(ctx);
        } else {
            fields = JsonFields.parse(json, ctx.bodyAsBytes());
        }
        CutoutOrder order = CutoutOrder.read(fields);
        CutoutAnswer.Form output = output(fields.text("output"));
        CutoutAnswer cutout = work.cutout(payer, order, output);
        switch (output) {
            case IMAGE -> ctx.contentType(order.output().formatFor(true).mimeType()).result(cutout.image());
            case MASK -> ctx.contentType(ImageFormat.PNG.mimeType()).result(cutout.mask());
            case JSON -> ctx.json(cutout.published());
        }
    }

    /** A multipart upload: the photo in the file field {@code image}, the options as form fields. */
    private static RequestFields upload(Context ctx) throws java.io.IOException {
        UploadedFile file;
        try {
            file = ctx.uploadedFile("image");
        } catch (Exception e) {
            // The servlet container's own error for a body it cannot split into parts (no boundary,
            // cut off): the client's mistake, so a 400 that says so rather than a server fault.
            if (!(e instanceof ServletException)) {
                throw e;
            }
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            // What is left of such a body cannot be told from the next request: have the client reconnect.
            ctx.header("Connection", "close");
            throw new InvalidRequestException("image", "the multipart body could not be read ("
                    + Objects.requireNonNullElse(cause.getMessage(), "malformed")
                    + "); send multipart/form-data with its boundary, the photo in the field 'image'");
        }
        if (file == null) {
            throw new InvalidRequestException("image", "upload the photo in the multipart field 'image'");
        }
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readAllBytes();
        }
        return new FormFields(ctx, new ImageSource.Inline(bytes));
    }

    private static CutoutAnswer.Form output(String output) {
        try {
            return output == null ? CutoutAnswer.Form.IMAGE : CutoutAnswer.Form.valueOf(output.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("output", "output must be image, mask or json, not '" + output + "'");
        }
    }
}
