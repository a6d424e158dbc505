package dev.backdrop.diffusion;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import dev.backdrop.diffusion.model.DiffusionModelFolder;
import dev.backdrop.diffusion.model.DiffusionRunException;
import dev.backdrop.diffusion.model.OnnxModel;
import dev.backdrop.diffusion.model.Tensors;
import dev.backdrop.diffusion.noise.NoiseSource;
import java.util.Arrays;

/** The model's VAE: images to scaled latents (sampled as diffusers samples them) and back, refusing NaN or infinite output. */
final class VaeCodec {

    private final DiffusionModelFolder model;

    VaeCodec(DiffusionModelFolder model) {
        this.model = model;
    }

    /**
     * The scaled VAE latents of a CHW image in [-1, 1], one per sample: sampled from the encoder's
     * distribution with a draw from each sample's noise ({@code mean + std · ε}, the log-variance
     * clamped to [-30, 20] as diffusers does), or its only output where the encoder gives no
     * distribution.
     */
    float[] encode(float[] image, int width, int height, NoiseSource noise, int samples) {
        OnnxModel encoder = model.vaeEncoder();
        try (Feeds feeds = new Feeds()) {
            feeds.own("sample", Tensors.floats(encoder.requireInput("sample"), image, 1, 3, height, width));
            try (OrtSession.Result result = encoder.run(feeds.map())) {
                OnnxValue value = result.get(model.vaeEncoderOutput()).orElseThrow();
                long[] shape = Tensors.shape(value);
                int vsf = model.vaeScaleFactor();
                int plane = (width / vsf) * (height / vsf);
                if (shape.length != 4 || shape[2] * shape[3] != plane) {
                    throw new DiffusionRunException("vae_encoder made " + Arrays.toString(shape) + " for a "
                            + width + "x" + height + " image; expected a latent grid of " + width / vsf + "x"
                            + height / vsf, null);
                }
                float[] all = Tensors.read(value);
                requireFinite(all, "vae_encoder");
                int size = model.latentChannels() * plane;
                float scale = (float) model.scalingFactor();
                float[] latents = new float[samples * size];
                if (!model.vaeEncoderOutputsParameters()) {
                    for (int k = 0; k < samples; k++) {
                        for (int i = 0; i < size; i++) {
                            latents[k * size + i] = all[i] * scale;
                        }
                    }
                    return latents;
                }
                // Mean and log-variance are stacked on the channel axis: the mean comes first.
                float[] eps = noise.next(samples * size);
                for (int i = 0; i < size; i++) {
                    float logVariance = Math.max(-30f, Math.min(20f, all[size + i]));
                    float std = (float) Math.exp(0.5f * logVariance);
                    for (int k = 0; k < samples; k++) {
                        latents[k * size + i] = (all[i] + std * eps[k * size + i]) * scale;
                    }
                }
                return latents;
            }
        }
    }

    /**
     * Fails with a clear error when a VAE gives NaN or infinite values: a half-precision VAE
     * that overflows (published SDXL VAEs say so with {@code force_upcast}) would otherwise paint
     * black or noise without a word.
     */
    private static void requireFinite(float[] values, String role) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new DiffusionRunException(role + " produced NaN or infinite values: a half-precision VAE"
                        + " overflowed; convert the VAE in float32 (its config's force_upcast asks for it)", null);
            }
        }
    }

    /** One sample's latent decoded to CHW planes in [-1, 1]. */
    float[] decode(float[] latent, int lw, int lh) {
        OnnxModel decoder = model.vaeDecoder();
        float[] unscaled = new float[latent.length];
        float scale = (float) model.scalingFactor();
        for (int i = 0; i < latent.length; i++) {
            unscaled[i] = latent[i] / scale;
        }
        try (Feeds feeds = new Feeds()) {
            feeds.own("latent_sample", Tensors.floats(decoder.requireInput("latent_sample"), unscaled, 1,
                    model.latentChannels(), lh, lw));
            try (OrtSession.Result result = decoder.run(feeds.map())) {
                OnnxValue value = result.get("sample").orElse(result.get(0));
                long[] shape = Tensors.shape(value);
                int vsf = model.vaeScaleFactor();
                if (shape.length != 4 || shape[1] != 3 || shape[2] != (long) lh * vsf || shape[3] != (long) lw * vsf) {
                    throw new DiffusionRunException("vae_decoder made " + Arrays.toString(shape) + "; expected [1, 3, "
                            + lh * vsf + ", " + lw * vsf + "]", null);
                }
                float[] decoded = Tensors.read(value);
                requireFinite(decoded, "vae_decoder");
                return decoded;
            }
        }
    }
}
