package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import dev.backdrop.diffusion.graph.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What one conversion reads: a diffusers pipeline folder (as published: {@code model_index.json},
 * {@code unet/}, {@code vae/}, {@code text_encoder/}, ...), optionally a ControlNet folder, an
 * IP-Adapter (its weights file and the CLIP image encoder folder it was trained with) and a LoRA
 * to fuse into the UNet.
 *
 * @param preferFp16   read the {@code *.fp16.safetensors} variants where both are present
 * @param lcmScheduler the converted model names the LCM scheduler in its scheduler config, so the
 *                     generator samples it with that one (for a UNet with the LCM-LoRA fused in)
 * @param precision    what the graphs compute in (float16 for a GPU); a VAE whose config asks for
 *                     {@code force_upcast} stays float32 whatever this says
 */
public record ConversionSources(Path pipeline, Optional<Path> controlNet, Optional<IpAdapterFiles> ipAdapter,
                                boolean preferFp16, Optional<LoraFile> lora, boolean lcmScheduler, Precision precision) {

    /** An IP-Adapter as published: {@code ip-adapter_*.safetensors} and its {@code image_encoder/} folder. */
    public record IpAdapterFiles(Path weights, Path imageEncoder) {
    }

    /**
     * A LoRA for the UNet, fused into its weights (see {@link UnetLora}), such as the LCM-LoRA's
     * {@code pytorch_lora_weights.safetensors}.
     *
     * @param scale how much of the update is fused: 1 as trained, 0 none
     */
    public record LoraFile(Path weights, double scale) {
        public LoraFile {
            if (!Double.isFinite(scale)) {
                throw new IllegalArgumentException("the LoRA scale must be a finite number, got " + scale);
            }
        }
    }

    public ConversionSources(Path pipeline, Optional<Path> controlNet, Optional<IpAdapterFiles> ipAdapter,
                             boolean preferFp16) {
        this(pipeline, controlNet, ipAdapter, preferFp16, Optional.empty(), false, Precision.FLOAT32);
    }

    public static ConversionSources pipelineOnly(Path pipeline) {
        return new ConversionSources(pipeline, Optional.empty(), Optional.empty(), false);
    }

    public ConversionSources withLora(LoraFile value) {
        return new ConversionSources(pipeline, controlNet, ipAdapter, preferFp16, Optional.of(value), lcmScheduler, precision);
    }

    public ConversionSources withLcmScheduler(boolean value) {
        return new ConversionSources(pipeline, controlNet, ipAdapter, preferFp16, lora, value, precision);
    }

    public ConversionSources withPrecision(Precision value) {
        return new ConversionSources(pipeline, controlNet, ipAdapter, preferFp16, lora, lcmScheduler, value);
    }

    /** Whether {@code dir} looks like a diffusers pipeline folder (not an ONNX export). */
    public static boolean isDiffusersFolder(Path dir) {
        return Files.isRegularFile(dir.resolve("model_index.json")) && Files.isRegularFile(dir.resolve("unet/config.json"))
                && !Files.isRegularFile(dir.resolve("unet/model.onnx"));
    }

    /** Every file the conversion reads, for its fingerprint. */
    List<Path> files() {
        List<Path> files = new ArrayList<>();
        addTree(files, pipeline);
        controlNet.ifPresent(c -> addTree(files, c));
        ipAdapter.ifPresent(ip -> {
            files.add(ip.weights());
            addTree(files, ip.imageEncoder());
        });
        lora.ifPresent(l -> files.add(l.weights()));
        return files;
    }

    private static void addTree(List<Path> into, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidCheckpointException(dir + " is not a folder");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".json") || name.endsWith(".safetensors") || name.endsWith(".txt");
            }).sorted().forEach(into::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
