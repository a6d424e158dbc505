package dev.backdrop.diffusion.tiny;

import dev.backdrop.diffusion.model.TimestepForm;
import dev.backdrop.diffusion.tiny.TinyModelSpec.ControlNetKind;
import dev.backdrop.diffusion.tiny.TinyModelSpec.IpAdapterKind;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The tiny model folders {@code backdrop models tiny-sd} writes, by command-line name. */
public enum TinyVariant {
    /** SD 1.5 inpainting: 9-channel UNet, int64 {@code [B]} timestep, weights in model.onnx_data. */
    SD15_INPAINT("sd15-inpaint", new TinyModelSpec(false, 9, TimestepForm.INT64_BATCH, false, false,
            ControlNetKind.NONE, IpAdapterKind.NONE, true, false, 0, 0, false)),
    /** SD 1.5 text-to-image UNet (4 channels), inpainting by latent blending; float scalar timestep. */
    SD15("sd15", new TinyModelSpec(false, 4, TimestepForm.FLOAT_SCALAR, true, true, ControlNetKind.NONE, IpAdapterKind.NONE,
            false, false, 0, 0, false)),
    /** SDXL: two text encoders, text_embeds and time_ids, 4-channel UNet, float {@code [B]} timestep. */
    SDXL("sdxl", new TinyModelSpec(true, 4, TimestepForm.FLOAT_BATCH, true, true, ControlNetKind.NONE, IpAdapterKind.NONE,
            false, false, 0, 0, false)),
    /** SDXL inpainting (9-channel UNet). */
    SDXL_INPAINT("sdxl-inpaint", new TinyModelSpec(true, 9, TimestepForm.INT64_ONE, true, false,
            ControlNetKind.NONE, IpAdapterKind.NONE, false, false, 0, 0, false)),
    /** SD 1.5 inpainting with a separate ControlNet graph whose residuals feed the UNet. */
    SD15_CONTROLNET("sd15-controlnet", new TinyModelSpec(false, 9, TimestepForm.INT64_BATCH, false, false,
            ControlNetKind.SPLIT, IpAdapterKind.NONE, false, false, 0, 0, false)),
    /** SD 1.5 inpainting with the ControlNet fused into the UNet graph. */
    SD15_CONTROLNET_FUSED("sd15-controlnet-fused", new TinyModelSpec(false, 9, TimestepForm.INT64_BATCH, false,
            false, ControlNetKind.FUSED, IpAdapterKind.NONE, false, false, 0, 0, false)),
    /** SD 1.5 inpainting with an IP-Adapter baked into the UNet and a CLIP image encoder. */
    SD15_IP_ADAPTER("sd15-ip-adapter", new TinyModelSpec(false, 9, TimestepForm.INT64_BATCH, false, false,
            ControlNetKind.NONE, IpAdapterKind.EMBEDS, false, false, 0, 0, false)),
    /** SD 1.5 inpainting with an image encoder whose projected image tokens are appended to the text tokens. */
    SD15_IP_ADAPTER_TOKENS("sd15-ip-adapter-tokens", new TinyModelSpec(false, 9, TimestepForm.INT64_BATCH, false,
            false, ControlNetKind.NONE, IpAdapterKind.TOKENS, false, false, 0, 0, false)),
    /**
     * SD 1.5 inpainting for benchmarks: the tiny folder with a UNet that does real work per call,
     * SD 1.5's {@code conv_in}, first ResNet block and {@code conv_out} at their real width (320
     * channels) on 64×64 latents (512 pixels): 7.7 G multiply-adds per batch item, about 1/50 of a
     * real SD 1.5 UNet. Random weights: its pictures are noise.
     */
    SD15_INPAINT_BENCH("sd15-inpaint-bench", new TinyModelSpec(false, 9, TimestepForm.INT64_BATCH, false, false,
            ControlNetKind.NONE, IpAdapterKind.NONE, true, false, 0, TinyModels.BENCH_UNET_WIDTH, false)),

    /**
     * SD 1.5 inpainting for GPU benchmarks: the tiny folder with a UNet of SD 1.5's whole layout
     * at its real width (320 channels, 8 heads), random weights, about 3.4 GB written per use; its
     * step costs what a real SD 1.5 step costs, so its timings stand for a real model's. Too slow
     * to be useful on a CPU of a few cores.
     */
    SD15_INPAINT_UNET("sd15-inpaint-unet", new TinyModelSpec(false, 9, TimestepForm.INT64_BATCH, false, false,
            ControlNetKind.NONE, IpAdapterKind.NONE, true, false, 0, TinyModels.BENCH_UNET_WIDTH, true));

    private final String cliName;
    private final TinyModelSpec spec;

    TinyVariant(String cliName, TinyModelSpec spec) {
        this.cliName = cliName;
        this.spec = spec;
    }

    public String cliName() {
        return cliName;
    }

    public TinyModelSpec spec() {
        return spec;
    }

    public static TinyVariant parse(String name) {
        for (TinyVariant v : values()) {
            if (v.cliName.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown tiny model variant \"" + name + "\"; use one of "
                + Arrays.stream(values()).map(TinyVariant::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
