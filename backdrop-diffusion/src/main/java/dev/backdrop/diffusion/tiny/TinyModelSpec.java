package dev.backdrop.diffusion.tiny;

import dev.backdrop.diffusion.model.TimestepForm;

/**
 * What a tiny model folder looks like: which family's signatures it copies and which of the
 * exporters' variations it uses.
 *
 * @param sdxl             two text encoders, {@code text_embeds} and {@code time_ids} (else SD 1.x/2.x)
 * @param unetInChannels   9 for an inpainting UNet, 4 for a text-to-image one
 * @param timestep         the UNet's {@code timestep} input form
 * @param int64InputIds    text encoders take int64 ids (else int32)
 * @param latentParameters the VAE encoder outputs {@code latent_parameters} (mean‖logvar) instead of {@code latent_sample}
 * @param controlNet       none, a separate ControlNet graph, or one fused into the UNet
 * @param ipAdapter        none; a UNet with the adapter baked in taking {@code image_embeds}; or an image
 *                         encoder giving projected image tokens to append to the text tokens
 * @param externalWeights  the UNet's weights live in {@code model.onnx_data}
 * @param float16Unet      the UNet's float inputs and output are float16, as in half-precision exports
 * @param unetBatch        a fixed UNet batch size, as some exports have; 0 for a dynamic batch
 * @param unetWidth        0 for the few-channel tiny UNet; else a benchmark UNet that runs the
 *                         layers of SD 1.5's UNet at full latent resolution with this many channels
 *                         ({@code conv_in}, the first ResNet block, {@code conv_out}; 320 in SD 1.5)
 *                         and a model folder at SD 1.5's working size, 512 pixels. SD 1.5 layout
 *                         only: no SDXL, ControlNet or IP-Adapter
 * @param fullUnet         with a {@code unetWidth}: the whole layout of SD 1.5's UNet at that width
 *                         instead of its first level
 */
public record TinyModelSpec(boolean sdxl, int unetInChannels, TimestepForm timestep, boolean int64InputIds,
                            boolean latentParameters, ControlNetKind controlNet, IpAdapterKind ipAdapter,
                            boolean externalWeights, boolean float16Unet, int unetBatch, int unetWidth,
                            boolean fullUnet) {

    /** Whether and how a tiny folder has a ControlNet. */
    public enum ControlNetKind { NONE, SPLIT, FUSED }

    /** Whether and how a tiny folder has an IP-Adapter. */
    public enum IpAdapterKind { NONE, EMBEDS, TOKENS }

    public TinyModelSpec {
        if (unetBatch < 0) {
            throw new IllegalArgumentException("unet batch must be 0 (dynamic) or positive, got " + unetBatch);
        }
        if (unetInChannels != 4 && unetInChannels != 9) {
            throw new IllegalArgumentException("a tiny UNet takes 4 or 9 channels, not " + unetInChannels);
        }
        if (unetWidth < 0) {
            throw new IllegalArgumentException("unet width must be 0 (tiny) or positive, got " + unetWidth);
        }
        if (unetWidth > 0 && (sdxl || controlNet != ControlNetKind.NONE || ipAdapter != IpAdapterKind.NONE)) {
            throw new IllegalArgumentException("a benchmark UNet copies SD 1.5 without ControlNet or IP-Adapter");
        }
        if (fullUnet && unetWidth == 0) {
            throw new IllegalArgumentException("a full UNet needs a width");
        }
        if (unetWidth % 32 != 0) {
            throw new IllegalArgumentException("unet width must be a multiple of 32 (its group norms), got " + unetWidth);
        }
    }

    public TinyModelSpec withTimestep(TimestepForm form) {
        return new TinyModelSpec(sdxl, unetInChannels, form, int64InputIds, latentParameters, controlNet, ipAdapter,
                externalWeights, float16Unet, unetBatch, unetWidth, fullUnet);
    }

    public TinyModelSpec withInt64InputIds(boolean value) {
        return new TinyModelSpec(sdxl, unetInChannels, timestep, value, latentParameters, controlNet, ipAdapter,
                externalWeights, float16Unet, unetBatch, unetWidth, fullUnet);
    }

    public TinyModelSpec withLatentParameters(boolean value) {
        return new TinyModelSpec(sdxl, unetInChannels, timestep, int64InputIds, value, controlNet, ipAdapter,
                externalWeights, float16Unet, unetBatch, unetWidth, fullUnet);
    }

    public TinyModelSpec withFloat16Unet(boolean value) {
        return new TinyModelSpec(sdxl, unetInChannels, timestep, int64InputIds, latentParameters, controlNet, ipAdapter,
                externalWeights, value, unetBatch, unetWidth, fullUnet);
    }

    public TinyModelSpec withUnetBatch(int value) {
        return new TinyModelSpec(sdxl, unetInChannels, timestep, int64InputIds, latentParameters, controlNet, ipAdapter,
                externalWeights, float16Unet, value, unetWidth, fullUnet);
    }

    public TinyModelSpec withUnetInChannels(int channels) {
        return new TinyModelSpec(sdxl, channels, timestep, int64InputIds, latentParameters, controlNet, ipAdapter,
                externalWeights, float16Unet, unetBatch, unetWidth, fullUnet);
    }

    public TinyModelSpec withUnetWidth(int value) {
        return new TinyModelSpec(sdxl, unetInChannels, timestep, int64InputIds, latentParameters, controlNet, ipAdapter,
                externalWeights, float16Unet, unetBatch, value, fullUnet);
    }

    public TinyModelSpec withFullUnet(boolean value) {
        return new TinyModelSpec(sdxl, unetInChannels, timestep, int64InputIds, latentParameters, controlNet, ipAdapter,
                externalWeights, float16Unet, unetBatch, unetWidth, value);
    }
}
