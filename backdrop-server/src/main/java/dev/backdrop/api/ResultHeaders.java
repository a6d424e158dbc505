package dev.backdrop.api;

import dev.backdrop.pipeline.Staging;
import io.javalin.http.Context;

/**
 * What the seed-compatible routes say about their results in headers, since their bodies keep the
 * seeds' shapes: {@code x-product-upscaled} (the largest enlargement, e.g. {@code 3.4}) when
 * framing enlarged the product more than {@link Staging#UPSCALE_WARNING} times, which softens it.
 */
final class ResultHeaders {

    static final String UPSCALED = "x-product-upscaled";

    private ResultHeaders() {
    }

    /** @param most the largest enlargement worth a warning, or 0 for none */
    static void upscaled(Context ctx, double most) {
        if (most > 0) {
            ctx.header(UPSCALED, String.format(java.util.Locale.ROOT, "%.2f", most));
        }
    }
}
