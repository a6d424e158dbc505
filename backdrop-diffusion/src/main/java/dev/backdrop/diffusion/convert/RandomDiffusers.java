package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.RandomCheckpoint;
import dev.backdrop.diffusion.tokenizer.ClipTokenizerFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes diffusers-layout folders with random weights of the real models' shapes (the published
 * configs, every tensor the converter reads): for timing conversions and real-size steps where no
 * published weights can be downloaded. The shapes come from the converters themselves, run on a
 * {@link Checkpoint#recording() shape recording}, so they are exactly what a real checkpoint holds.
 */
public final class RandomDiffusers {

    /** The UNets whose published configs are known here. */
    public enum UnetShape {
        SD15_INPAINT("sd15-inpaint-unet.json"),
        SDXL_INPAINT("sdxl-inpaint-unet.json");

        private final String resource;

        UnetShape(String resource) {
            this.resource = resource;
        }
    }

    private RandomDiffusers() {
    }

    /** A UNet folder ({@code config.json}, {@code diffusion_pytorch_model.safetensors}); returns its size in bytes. */
    public static long writeUnet(UnetShape shape, Path dir, long seed) {
        byte[] config = resource(shape.resource);
        return write(dir, config, "diffusion_pytorch_model.safetensors", seed, c -> {
            UnetArchitecture a = UnetArchitecture.of(c, "UNet2DConditionModel");
            Checkpoint recording = Checkpoint.recording();
            UnetConverter.graph(a, recording, UnetConverter.Wiring.TEXT_ONLY);
            return recording.recorded();
        });
    }

    /**
     * A whole SD 1.5 inpainting pipeline folder (text encoder, tokenizer, UNet, VAE, scheduler)
     * of the published shapes; returns the bytes of its weights.
     */
    public static long writeSd15Inpaint(Path dir, long seed) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionInpaintPipeline\"}");
            Files.createDirectories(dir.resolve("scheduler"));
            Files.write(dir.resolve("scheduler/scheduler_config.json"), resource("sd15-scheduler.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClipTokenizerFiles.write(dir.resolve("tokenizer"), "<|endoftext|>");
        long bytes = writeUnet(UnetShape.SD15_INPAINT, dir.resolve("unet"), seed);
        bytes += write(dir.resolve("text_encoder"), resource("sd15-text-encoder.json"), "model.safetensors", seed + 1, c -> {
            Checkpoint recording = Checkpoint.recording();
            ClipTextConverter.graph(ClipTextConverter.Architecture.of(c), recording);
            return recording.recorded();
        });
        bytes += write(dir.resolve("vae"), resource("sd15-vae.json"), "diffusion_pytorch_model.safetensors", seed + 2, c -> {
            Checkpoint recording = Checkpoint.recording();
            VaeConverter.Architecture a = VaeConverter.Architecture.of(c);
            VaeConverter.encoder(a, recording);
            VaeConverter.decoder(a, recording);
            return recording.recorded();
        });
        return bytes;
    }

    /**
     * The {@code sd15-inpaint} preset's whole set of the published shapes: the pipeline, the canny
     * ControlNet, the IP-Adapter's weights and its ViT-H image encoder; returns the sources for a
     * conversion (weights' bytes in {@code bytes[0]}).
     */
    public static ConversionSources writeSd15InpaintPreset(Path root, long seed, long[] bytes) {
        Path pipeline = root.resolve("stable-diffusion-inpainting");
        bytes[0] = writeSd15Inpaint(pipeline, seed);
        Path controlNet = root.resolve("control_v11p_sd15_canny");
        bytes[0] += write(controlNet, resource("sd15-controlnet.json"), "diffusion_pytorch_model.safetensors", seed + 3, c -> {
            Checkpoint recording = Checkpoint.recording();
            ControlNetConverter.graph(c, recording);
            return recording.recorded();
        });
        Path encoder = root.resolve("IP-Adapter/models/image_encoder");
        bytes[0] += write(encoder, resource("vit-h-image-encoder.json"), "model.safetensors", seed + 4, c -> {
            Checkpoint recording = Checkpoint.recording();
            ImageEncoderConverter.encoder(ImageEncoderConverter.Architecture.of(c), recording);
            return recording.recorded();
        });
        // The adapter's keys: its image projection (4 tokens of the UNet's width from the encoder's
        // 1024-wide embedding) and the keys and values of every cross-attention, as the UNet reads them.
        UnetArchitecture unet = UnetArchitecture.of(ModelConfig.read(pipeline.resolve("unet/config.json")),
                "UNet2DConditionModel");
        Checkpoint adapter = Checkpoint.recording();
        UnetConverter.graph(unet, Checkpoint.recording(), new UnetConverter.Wiring(false, java.util.Optional.of(adapter)));
        java.util.Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        long width = unet.crossAttentionDim();
        shapes.put("image_proj.proj.weight", new long[] {4 * width, 1024});
        shapes.put("image_proj.proj.bias", new long[] {4 * width});
        shapes.put("image_proj.norm.weight", new long[] {width});
        shapes.put("image_proj.norm.bias", new long[] {width});
        shapes.putAll(adapter.recorded());
        Path weights = root.resolve("IP-Adapter/models/ip-adapter_sd15.safetensors");
        RandomCheckpoint.write(shapes, weights, seed + 5);
        try {
            bytes[0] += Files.size(weights);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ConversionSources(pipeline, java.util.Optional.of(controlNet),
                java.util.Optional.of(new ConversionSources.IpAdapterFiles(weights, encoder)), false);
    }

    private static long write(Path dir, byte[] config, String weights, long seed,
                              Function<ModelConfig, Map<String, long[]>> shapes) {
        try {
            Files.createDirectories(dir);
            Path configFile = Files.write(dir.resolve("config.json"), config);
            RandomCheckpoint.write(shapes.apply(ModelConfig.read(configFile)), dir.resolve(weights), seed);
            return Files.size(dir.resolve(weights));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = RandomDiffusers.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
