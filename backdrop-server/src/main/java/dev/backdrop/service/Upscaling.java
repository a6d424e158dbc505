package dev.backdrop.service;

import dev.backdrop.pipeline.ReplaceResult;
import java.util.List;

/** The largest enlargement of the product among results that were enlarged too much, or 0. */
final class Upscaling {

    private Upscaling() {
    }

    static double worst(List<ReplaceResult> results) {
        return results.stream().filter(r -> r.staging() != null && r.staging().upscaledTooMuch())
                .mapToDouble(r -> r.staging().scale()).max().orElse(0);
    }
}
