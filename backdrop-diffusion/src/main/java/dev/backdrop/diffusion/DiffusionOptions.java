package dev.backdrop.diffusion;

import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.diffusion.scheduler.SchedulerName;

/**
 * How the diffusion generator runs unless a call says otherwise.
 *
 * @param scheduler        the default sampler
 * @param resolution       the working resolution, as the side of a square of the same area, in
 *                         pixels; 0 uses the model's native size (512 for SD 1.5, 1024 for SDXL)
 * @param controlNetWeight how strongly the product's edge map steers a ControlNet (0..2)
 * @param execution        CPU threads or the CUDA device
 * @param maxBatch         the most UNet batch rows per call (guidance doubles the samples); 0 for
 *                         no limit beyond the model's own. Lower it when GPU memory is short
 */
public record DiffusionOptions(SchedulerName scheduler, int resolution, double controlNetWeight,
                               ExecutionSettings execution, int maxBatch) {

    public static final DiffusionOptions DEFAULT = new DiffusionOptions(SchedulerName.DEFAULT, 0, 0.5,
            ExecutionSettings.CPU, 0);

    public DiffusionOptions {
        if (resolution < 0 || resolution % 8 != 0) {
            throw new IllegalArgumentException("resolution must be 0 or a positive multiple of 8, got " + resolution);
        }
        if (maxBatch < 0) {
            throw new IllegalArgumentException("max batch must be 0 (no limit) or positive, got " + maxBatch);
        }
        if (!(controlNetWeight >= 0 && controlNetWeight <= 2)) {
            throw new IllegalArgumentException("controlnet weight must be between 0 and 2, got " + controlNetWeight);
        }
    }

    public DiffusionOptions withScheduler(SchedulerName value) {
        return new DiffusionOptions(value, resolution, controlNetWeight, execution, maxBatch);
    }

    public DiffusionOptions withResolution(int value) {
        return new DiffusionOptions(scheduler, value, controlNetWeight, execution, maxBatch);
    }

    public DiffusionOptions withControlNetWeight(double value) {
        return new DiffusionOptions(scheduler, resolution, value, execution, maxBatch);
    }

    public DiffusionOptions withMaxBatch(int value) {
        return new DiffusionOptions(scheduler, resolution, controlNetWeight, execution, value);
    }

    public DiffusionOptions withExecution(ExecutionSettings value) {
        return new DiffusionOptions(scheduler, resolution, controlNetWeight, value, maxBatch);
    }
}
