package dev.backdrop.diffusion.preset;

import dev.backdrop.diffusion.graph.Precision;
import dev.backdrop.diffusion.hub.FileSelection;
import java.util.List;
import java.util.Optional;

/**
 * A named model: the published repositories it is made of and the files taken from each.
 *
 * @param pipeline   the diffusers inpainting pipeline (text encoders, tokenizers, UNet, VAE, scheduler)
 * @param controlNet the canny ControlNet made for it
 * @param ipAdapter  the IP-Adapter weights and the image encoder they were trained with
 * @param consistencyLora a latent-consistency LoRA fused into the UNet at conversion, the model then
 *                   running the LCM scheduler
 * @param precision  what the converted graphs compute in; a float16 preset also fetches the
 *                   repositories' fp16 weight variants where they publish them (half the download)
 */
public record Preset(String name, String description, Source pipeline, Optional<Source> controlNet,
                     Optional<IpAdapterSource> ipAdapter, Optional<LoraSource> consistencyLora, Precision precision) {

    /** This preset's models as float16 graphs, for CUDA: half the download, the memory and the disk. */
    public Preset inFloat16(String name, String description) {
        return new Preset(name, description, pipeline, controlNet, ipAdapter, consistencyLora, Precision.FLOAT16);
    }

    /** Whether the repositories' {@code fp16} weight variants are fetched instead of the float32 files. */
    public boolean fetchesFp16Variants() {
        return precision == Precision.FLOAT16;
    }

    /** The files this preset takes from one of its repositories. */
    public FileSelection files(Source source) {
        return new FileSelection(source.includes(), fetchesFp16Variants());
    }

    /** Files of one hub repository (globs as the hub client reads them). */
    public record Source(String repo, List<String> includes) {
    }

    /** The IP-Adapter's files, both in one repository. */
    public record IpAdapterSource(String repo, String weights, String imageEncoder) {
        public Source source() {
            return new Source(repo, List.of(weights, imageEncoder + "/config.json", imageEncoder + "/model.safetensors"));
        }
    }

    /** A LoRA weights file in a repository, fused at {@code scale}. */
    public record LoraSource(String repo, String weights, double scale) {
        public Source source() {
            return new Source(repo, List.of(weights));
        }
    }

    /** What a diffusers inpainting pipeline folder needs, and nothing else it holds (.ckpt, safety checker, ...). */
    static Source pipeline(String repo) {
        return new Source(repo, List.of("model_index.json", "scheduler/*", "tokenizer/*", "tokenizer_2/*",
                "text_encoder/*.json", "text_encoder/*.safetensors", "text_encoder_2/*.json",
                "text_encoder_2/*.safetensors", "unet/*.json", "unet/*.safetensors", "vae/*.json", "vae/*.safetensors"));
    }

    static Source controlNet(String repo) {
        return new Source(repo, List.of("config.json", "diffusion_pytorch_model*.safetensors",
                "diffusion_pytorch_model*.safetensors.index.json"));
    }

    /** Every repository of the preset, in fetch order. */
    public List<Source> sources() {
        List<Source> all = new java.util.ArrayList<>();
        all.add(pipeline);
        controlNet.ifPresent(all::add);
        ipAdapter.ifPresent(ip -> all.add(ip.source()));
        consistencyLora.ifPresent(lora -> all.add(lora.source()));
        return all;
    }
}
