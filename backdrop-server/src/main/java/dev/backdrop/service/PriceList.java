package dev.backdrop.service;

import dev.backdrop.accounts.Pricing;
import dev.backdrop.request.GenerateBatchOrder;
import dev.backdrop.request.JobWork;
import dev.backdrop.request.ReplaceOrder;

/**
 * What a request costs on this server: the operator's pricing applied to what the running
 * background generator actually uses (steps are priced only where a denoising loop runs them).
 */
public record PriceList(Pricing pricing, PipelineRunner runner) {

    public long cutout() {
        return pricing.cutout(1);
    }

    public long replace(ReplaceOrder order) {
        return pricing.bgReplace(1, order.samples(), runner.billedSteps(order.steps()));
    }

    /** One image of a batch: a cut-out is the same for every result, so it is charged once. */
    public long generateImage(GenerateBatchOrder order) {
        return pricing.generateImage(1, order.chargedResults());
    }

    public long job(JobWork work) {
        return work instanceof ReplaceOrder replace ? replace(replace) : cutout();
    }
}
