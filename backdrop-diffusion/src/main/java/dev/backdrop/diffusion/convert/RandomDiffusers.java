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
