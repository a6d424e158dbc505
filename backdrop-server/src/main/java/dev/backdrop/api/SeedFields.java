package dev.backdrop.api;

import dev.backdrop.request.RequestFields;
import java.util.Set;

/**
 * A seed route's body seen through the fields its API documents: the others are absent, so a
 * seed client that sends something extra gets the documented behaviour, not a native option.
 */
final class SeedFields implements RequestFields {

    private static final Set<String> BG_REPLACE = Set.of("image", "ref_image", "prompt", "negative_prompt", "samples",
            "scheduler", "num_inference_steps", "guidance_scale", "seed", "strength", "cn_weight", "ip_adapter_weight");

    private final JsonFields body;

    SeedFields(JsonFields body) {
        this.body = body;
    }

    @Override
    public String text(String name) {
        return BG_REPLACE.contains(name) ? body.text(name) : null;
    }

    @Override
    public Long integer(String name) {
        return BG_REPLACE.contains(name) ? body.integer(name) : null;
    }

    @Override
    public Double number(String name) {
        return BG_REPLACE.contains(name) ? body.number(name) : null;
    }

    @Override
    public Boolean flag(String name) {
        return BG_REPLACE.contains(name) ? body.flag(name) : null;
    }

    @Override
    public boolean isPresent(String name) {
        return BG_REPLACE.contains(name) && body.isPresent(name);
    }

    @Override
    public boolean isText(String name) {
        return BG_REPLACE.contains(name) && body.isText(name);
    }
}
