package dev.backdrop.diffusion;

import dev.backdrop.diffusion.scheduler.SchedulerName;

/**
 * Per-call settings the background request does not carry.
 *
 * @param scheduler        the sampler (the API's {@code scheduler} field)
 * @param controlNetWeight the API's {@code cn_weight}: how strongly the edge map steers a ControlNet
 * @param listener         hears every step
 */
public record DiffusionRun(SchedulerName scheduler, double controlNetWeight, StepListener listener) {

    public DiffusionRun {
        if (!(controlNetWeight >= 0 && controlNetWeight <= 2)) {
            throw new IllegalArgumentException("controlnet weight must be between 0 and 2, got " + controlNetWeight);
        }
        scheduler = scheduler == null ? SchedulerName.DEFAULT : scheduler;
        listener = listener == null ? StepListener.NONE : listener;
    }

    public static DiffusionRun of(DiffusionOptions options) {
        return new DiffusionRun(options.scheduler(), options.controlNetWeight(), StepListener.NONE);
    }

    public DiffusionRun withScheduler(SchedulerName value) {
        return new DiffusionRun(value, controlNetWeight, listener);
    }

    public DiffusionRun withListener(StepListener value) {
        return new DiffusionRun(scheduler, controlNetWeight, value);
    }
}
