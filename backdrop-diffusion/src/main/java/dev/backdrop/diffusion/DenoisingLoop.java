package dev.backdrop.diffusion;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.diffusion.model.ControlNetWiring;
import dev.backdrop.diffusion.model.DiffusionModelFolder;
import dev.backdrop.diffusion.noise.NoiseSource;
import dev.backdrop.diffusion.scheduler.LcmScheduler;
import dev.backdrop.diffusion.scheduler.Scheduler;
import dev.backdrop.diffusion.scheduler.SchedulerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One request's denoising loop: the scheduler's steps over the batch of samples (negative rows
 * first with guidance), the UNet called per batch range ({@link UnetCall}) on the request's
 * constant inputs ({@link RequestConditioning}), guidance, and for 4-channel UNets the known
 * latents blended back after each step.
 */
final class DenoisingLoop {

    final DiffusionModelFolder model;
    final DiffusionOptions options;
    final VaeCodec vae;
    final boolean inPlaceTensors;
    final BackgroundParameters parameters;
    final DiffusionRun run;
    final int samples;
    final InpaintInputs inputs;
    final TextConditioning cond, uncond;
    final int lw, lh, latentSize;
    final boolean guided;
    final int batch;
    final double guidance;

    DenoisingLoop(DiffusionModelFolder model, DiffusionOptions options, VaeCodec vae, boolean inPlaceTensors,
                  BackgroundParameters parameters, DiffusionRun run, int samples, InpaintInputs inputs,
                  TextConditioning cond, TextConditioning uncond) {
        this.model = model;
        this.options = options;
        this.vae = vae;
        this.inPlaceTensors = inPlaceTensors;
        this.parameters = parameters;
        this.run = run;
        this.samples = samples;
        this.inputs = inputs;
        this.cond = cond;
        this.uncond = uncond;
        this.lw = inputs.width() / model.vaeScaleFactor();
        this.lh = inputs.height() / model.vaeScaleFactor();
        this.latentSize = model.latentChannels() * lw * lh;
        this.guidance = parameters.guidanceScale();
        this.guided = guidance > 1;
        this.batch = guided ? 2 * samples : samples;
    }

    float[] denoise(NoiseSource noiseSource) {
        SchedulerConfig config = model.schedulerConfig();
        // A model distilled for the LCM scheduler (its config names it) samples well with no other.
        Scheduler scheduler = LcmScheduler.isFor(config) ? new LcmScheduler(config) : run.scheduler().create(config);
        scheduler.setTimesteps(parameters.steps());
        double[] timesteps = scheduler.timesteps();
        double strength = parameters.strength();
        int start = Math.min(scheduler.startIndex(strength), timesteps.length);
        boolean fromPhoto = strength < 1.0 || !model.inpaintingUnet();
        float[] imageLatents = fromPhoto
                ? vae.encode(inputs.image(), inputs.width(), inputs.height(), noiseSource, samples) : null;
        if (start >= timesteps.length) {
            return imageLatents;
        }
        float[] noise = noiseSource.next(samples * latentSize);
        float[] latents;
        if (strength >= 1.0) {
            latents = noise.clone();
            float sigma = (float) scheduler.initNoiseSigma();
            for (int i = 0; i < latents.length; i++) {
                latents[i] *= sigma;
            }
        } else {
            latents = scheduler.addNoise(imageLatents, noise, start);
        }
        float[] mask = inputs.latentMask();
        float[] maskedLatent = model.inpaintingUnet()
                ? vae.encode(inputs.maskedImage(), inputs.width(), inputs.height(), noiseSource, samples) : null;

        List<int[]> chunks = chunks();
        List<UnetCall> calls = new ArrayList<>();
        List<Feeds> controlConstants = new ArrayList<>();
        try {
            RequestConditioning conditioning = new RequestConditioning(this);
            for (int[] chunk : chunks) {
                calls.add(new UnetCall(this, chunk[0], chunk[1], conditioning.unetConstants(chunk[0], chunk[1]), mask,
                        maskedLatent));
                if (model.controlNet() instanceof ControlNetWiring.Split) {
                    controlConstants.add(conditioning.controlNetConstants(chunk[0], chunk[1]));
                }
            }
            int total = timesteps.length - start;
            for (int i = start; i < timesteps.length; i++) {
                float[] scaled = scheduler.scaleModelInput(latents, i);
                // A new array every step: multistep schedulers may keep the model outputs they are given.
                float[] output = new float[batch * latentSize];
                for (int c = 0; c < calls.size(); c++) {
                    calls.get(c).run(scaled, timesteps[i], controlConstants.isEmpty() ? null : controlConstants.get(c),
                            output);
                }
                float[] prediction = guided ? guide(output) : output;
                latents = scheduler.step(prediction, i, latents, noiseSource);
                if (!model.inpaintingUnet()) {
                    float[] known = i + 1 < timesteps.length
                            ? scheduler.addNoise(imageLatents, noise, i + 1) : imageLatents;
                    latents = blend(latents, known, mask);
                }
                run.listener().step(i - start + 1, total);
            }
            return latents;
        } finally {
            calls.forEach(UnetCall::close);
            controlConstants.forEach(Feeds::close);
        }
    }

    /** Batch ranges the UNet can take at once. */
    private List<int[]> chunks() {
        int limit = Math.min(batch, model.unetBatchLimit());
        if (options.maxBatch() > 0) {
            limit = Math.min(limit, options.maxBatch());
        }
        limit = Math.max(1, limit);
        List<int[]> chunks = new ArrayList<>();
        for (int b = 0; b < batch; b += limit) {
            chunks.add(new int[] {b, Math.min(batch, b + limit)});
        }
        return chunks;
    }

    /** {@code uncond + g (cond - uncond)} per sample; the batch holds the negatives first. */
    private float[] guide(float[] output) {
        float[] out = new float[samples * latentSize];
        float g = (float) guidance;
        int condOffset = samples * latentSize;
        for (int i = 0; i < out.length; i++) {
            float u = output[i];
            out[i] = u + g * (output[condOffset + i] - u);
        }
        return out;
    }

    private float[] blend(float[] latents, float[] known, float[] mask) {
        int plane = lw * lh;
        float[] out = new float[latents.length];
        for (int start = 0; start < out.length; start += plane) {
            for (int p = 0; p < plane; p++) {
                float m = mask[p];
                int i = start + p;
                out[i] = m * latents[i] + (1 - m) * known[i];
            }
        }
        return out;
    }
}
