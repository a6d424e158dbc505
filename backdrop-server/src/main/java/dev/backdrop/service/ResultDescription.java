package dev.backdrop.service;

import dev.backdrop.pipeline.ReadingFields;
import dev.backdrop.pipeline.ReplaceResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One result as the jobs API and the CLI's JSON describe it, with the same field names in both:
 * {@code seed}, {@code prompt_reading}, {@code reading}, {@code upscaled} and {@code fidelity}
 * ({@code delta_e}, mean CIEDE2000 of the product's pixels, and {@code ssim}). Where the result
 * is (a URL, a file) and its layers are the entrance's to add.
 */
public final class ResultDescription {

    private ResultDescription() {
    }

    public static Map<String, Object> of(ReplaceResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seed", r.seed());
        out.put("prompt_reading", r.reading() == null ? null : r.reading().summary());
        out.put("reading", ReadingFields.of(r));
        out.put("upscaled", r.staging() != null && r.staging().upscaledTooMuch());
        // No product pixel measured (none was found): null rather than the perfect scores of an empty sum.
        out.put("fidelity", r.fidelity() == null || r.fidelity().pixels() == 0 ? null
                : Map.of("delta_e", r.fidelity().meanDeltaE2000(), "ssim", r.fidelity().ssim()));
        return out;
    }
}
