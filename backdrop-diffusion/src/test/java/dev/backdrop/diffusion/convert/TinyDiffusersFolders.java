package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.checkpoint.SafetensorsFile;
import dev.backdrop.diffusion.checkpoint.SafetensorsWriter;
import dev.backdrop.diffusion.checkpoint.StoredTensor;
import dev.backdrop.diffusion.tokenizer.ClipTokenizerFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Tiny published-layout folders assembled from the reference cases: an SDXL ControlNet-inpaint
 * pipeline in the diffusers layout (model_index.json, unet/, vae/, text encoders, tokenizers,
 * scheduler), its ControlNet folder and its IP-Adapter (weights file plus image_encoder/), and an
 * SD 1.5 inpainting pipeline with a LoRA in the LCM-LoRA's layout, as a user would have them
 * after downloading. The text encoders get CLIP's full 49,408-token
 * vocabulary (random rows) so the real tokenizer can feed them.
 */
public final class TinyDiffusersFolders {

    private TinyDiffusersFolders() {
    }

    /** Writes the folders under {@code root} and returns the sources for a conversion. */
    public static ConversionSources sdxl(Path root) {
        try {
            Path pipeline = root.resolve("sdxl-inpaint");
            copy("pipeline-sdxl/model_index.json", pipeline.resolve("model_index.json"));
            diffusersModel("unet-sdxl", pipeline.resolve("unet"));
            diffusersModel("pipeline-sdxl/vae", pipeline.resolve("vae"));
            copy("pipeline-sdxl/scheduler-euler-a/scheduler_config.json", pipeline.resolve("scheduler/scheduler_config.json"));
            textEncoder("clip-text", pipeline.resolve("text_encoder"), root, 11);
            textEncoder("clip-text-projection", pipeline.resolve("text_encoder_2"), root, 12);
            ClipTokenizerFiles.write(pipeline.resolve("tokenizer"), "<|endoftext|>");
            ClipTokenizerFiles.copy(pipeline.resolve("tokenizer"), pipeline.resolve("tokenizer_2"), "!");

            Path controlNet = root.resolve("controlnet-canny");
            diffusersModel("controlnet-sdxl", controlNet);

            Path adapter = root.resolve("ip-adapter");
            copy("unet-sdxl/ip-adapter.safetensors", adapter.resolve("ip-adapter_sdxl_vit-h.safetensors"));
            copy("image-encoder/config.json", adapter.resolve("image_encoder/config.json"));
            copy("image-encoder/model.safetensors", adapter.resolve("image_encoder/model.safetensors"));
            return new ConversionSources(pipeline, java.util.Optional.of(controlNet), java.util.Optional.of(
                    new ConversionSources.IpAdapterFiles(adapter.resolve("ip-adapter_sdxl_vit-h.safetensors"),
                            adapter.resolve("image_encoder"))), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes an SD 1.5 inpainting pipeline (the unet-sd15 case, SD 1.5's published scheduler config)
     * and the lora-sd15 case's LoRA under {@code root}; returns the sources with the LoRA at scale 1
     * and the LCM scheduler, as the LCM-LoRA is meant to run.
     */
    public static ConversionSources sd15WithLcmLora(Path root) {
        try {
            Path pipeline = root.resolve("sd15-inpaint");
            Files.createDirectories(pipeline);
            Files.writeString(pipeline.resolve("model_index.json"), """
                    {"_class_name": "StableDiffusionInpaintPipeline", "_diffusers_version": "0.27.2",
                     "scheduler": ["diffusers", "PNDMScheduler"], "text_encoder": ["transformers", "CLIPTextModel"],
                     "tokenizer": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "UNet2DConditionModel"],
                     "vae": ["diffusers", "AutoencoderKL"]}
                    """);
            diffusersModel("unet-sd15", pipeline.resolve("unet"));
            diffusersModel("pipeline-sdxl/vae", pipeline.resolve("vae"));
            copy("scheduler-lcm/scheduler_config.json", pipeline.resolve("scheduler/scheduler_config.json"));
            textEncoder("clip-text", pipeline.resolve("text_encoder"), root, 13);
            ClipTokenizerFiles.write(pipeline.resolve("tokenizer"), "<|endoftext|>");
            Path lora = copy("lora-sd15/pytorch_lora_weights.safetensors",
                    root.resolve("lcm-lora-sdv1-5/pytorch_lora_weights.safetensors"));
            return ConversionSources.pipelineOnly(pipeline).withLora(new ConversionSources.LoraFile(lora, 1.0))
                    .withLcmScheduler(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reference encoder's weights and config with the token table widened to CLIP's vocabulary. */
    private static void textEncoder(String reference, Path out, Path scratch, long seed) throws IOException {
        Files.createDirectories(out);
        Path weights = copy(reference + "/model.safetensors", scratch.resolve(".reference-" + reference + ".safetensors"));
        String config = new String(resource(reference + "/config.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"vocab_size\": \\d+", "\"vocab_size\": " + ClipTokenizerFiles.VOCABULARY_SIZE);
        Files.writeString(out.resolve("config.json"), config);
        SafetensorsWriter writer = new SafetensorsWriter();
        SplittableRandom random = new SplittableRandom(seed);
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            for (StoredTensor t : file.tensors().values()) {
                if (t.name().endsWith("token_embedding.weight")) {
                    long width = t.shape()[1];
                    float[] table = new float[(int) (ClipTokenizerFiles.VOCABULARY_SIZE * width)];
                    for (int i = 0; i < table.length; i++) {
                        table[i] = (float) (random.nextDouble() * 2 - 1) * 0.05f;
                    }
                    writer.floats(t.name(), table, ClipTokenizerFiles.VOCABULARY_SIZE, width);
                } else {
                    writer.floats(t.name(), t.floats(), t.shape());
                }
            }
        }
        writer.write(out.resolve("model.safetensors"));
        Files.delete(weights);
    }

    /** A reference case's file, read from the class path (a folder or, from other modules, the test jar). */
    private static byte[] resource(String name) throws IOException {
        try (java.io.InputStream in = TinyDiffusersFolders.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no reference file " + name);
            }
            return in.readAllBytes();
        }
    }

    /** A reference case's config.json and model.safetensors as diffusers names them in a model folder. */
    private static void diffusersModel(String reference, Path folder) throws IOException {
        copy(reference + "/config.json", folder.resolve("config.json"));
        copy(reference + "/model.safetensors", folder.resolve("diffusion_pytorch_model.safetensors"));
    }

    private static Path copy(String name, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        return Files.write(to, resource(name));
    }
}
