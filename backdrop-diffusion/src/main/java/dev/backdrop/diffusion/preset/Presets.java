package dev.backdrop.diffusion.preset;

import dev.backdrop.diffusion.graph.Precision;
import java.util.List;
import java.util.Optional;

/** The presets Backdrop knows, by name. */
public final class Presets {

    /** The bg-replace API's own service: SDXL inpainting, canny ControlNet, IP-Adapter for ViT-H. */
    public static final Preset SDXL_INPAINT = new Preset("sdxl-inpaint",
            "SDXL inpainting 0.1 + canny ControlNet + IP-Adapter (ViT-H)",
            Preset.pipeline("diffusers/stable-diffusion-xl-1.0-inpainting-0.1"),
            Optional.of(Preset.controlNet("diffusers/controlnet-canny-sdxl-1.0")),
            Optional.of(new Preset.IpAdapterSource("h94/IP-Adapter", "sdxl_models/ip-adapter_sdxl_vit-h.safetensors",
                    "models/image_encoder")), Optional.empty(), Precision.FLOAT32);

    /** The small one: SD 1.5 inpainting, its canny ControlNet and IP-Adapter. */
    public static final Preset SD15_INPAINT = new Preset("sd15-inpaint",
            "SD 1.5 inpainting + canny ControlNet v1.1 + IP-Adapter",
            Preset.pipeline("stable-diffusion-v1-5/stable-diffusion-inpainting"),
            Optional.of(Preset.controlNet("lllyasviel/control_v11p_sd15_canny")),
            Optional.of(new Preset.IpAdapterSource("h94/IP-Adapter", "models/ip-adapter_sd15.safetensors",
                    "models/image_encoder")), Optional.empty(), Precision.FLOAT32);

    /** For machines without a GPU: sd15-inpaint with the LCM-LoRA fused in, a few steps without guidance. */
    public static final Preset SD15_INPAINT_FAST = new Preset("sd15-inpaint-fast",
            "sd15-inpaint with LCM-LoRA fused in: 4 steps without guidance, for CPUs", SD15_INPAINT.pipeline(),
            SD15_INPAINT.controlNet(), SD15_INPAINT.ipAdapter(),
            Optional.of(new Preset.LoraSource("latent-consistency/lcm-lora-sdv1-5", "pytorch_lora_weights.safetensors", 1.0)),
            Precision.FLOAT32);

    /** sdxl-inpaint for CUDA: fp16 weights fetched, float16 graphs (the VAE stays float32, as its config asks). */
    public static final Preset SDXL_INPAINT_FP16 = SDXL_INPAINT.inFloat16("sdxl-inpaint-fp16",
            "sdxl-inpaint in float16, for CUDA");

    /** sd15-inpaint for CUDA. */
    public static final Preset SD15_INPAINT_FP16 = SD15_INPAINT.inFloat16("sd15-inpaint-fp16",
            "sd15-inpaint in float16, for CUDA");

    public static final List<Preset> ALL = List.of(SDXL_INPAINT, SD15_INPAINT, SD15_INPAINT_FAST, SDXL_INPAINT_FP16,
            SD15_INPAINT_FP16);

    private Presets() {
    }

    public static Optional<Preset> byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Preset::name).toList();
    }
}
