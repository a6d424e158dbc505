package dev.backdrop.api;

import dev.backdrop.accounts.Pricing;

/**
 * What a request costs on this server: the operator's pricing applied to what the running
 * background generator actually uses (steps are priced only where a denoising loop runs them).
 */
public record PriceList(Pricing pricing, ReplaceService service) {

    public long cutout() {
        return pricing.cutout(1);
    }

    public long bgReplace(int samples, int steps) {
        return pricing.bgReplace(1, samples, service.billedSteps(steps));
    }
}
