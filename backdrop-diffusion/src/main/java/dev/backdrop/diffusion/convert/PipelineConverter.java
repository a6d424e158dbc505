package dev.backdrop.diffusion.convert;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import dev.backdrop.diffusion.graph.Precision;
import dev.backdrop.diffusion.scheduler.LcmScheduler;
import dev.backdrop.model.FetchProgress;
import dev.backdrop.model.FolderTree;
import dev.backdrop.model.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Converts a diffusers pipeline folder (with an optional ControlNet, IP-Adapter and UNet LoRA) into the ONNX
 * folder the generator runs, once: the result records a fingerprint of its sources, so a second
 * call with unchanged sources returns at once. The graphs are written into a temporary sibling
 * folder that is renamed into place only when complete, so an interrupted conversion leaves no
 * half-written model, and the next run clears its leftovers and starts again.
 */
public final class PipelineConverter {

    /** Bumped when the converter writes different graphs, so older conversions are redone. */
    static final int VERSION = 1;
    static final String RECORD = "conversion.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineConverter() {
    }

    /** Whether {@code out} holds a complete conversion of exactly these sources. */
    public static boolean upToDate(ConversionSources sources, Path out) {
        Path record = out.resolve(RECORD);
        try {
            return Files.isRegularFile(record)
                    && JSON.readTree(record.toFile()).path("fingerprint").asText().equals(fingerprint(sources));
        } catch (IOException e) {
            return false;
        }
    }

    /** Converts unless {@code out} is already up to date; returns {@code out}. */
    public static Path convert(ConversionSources sources, Path out, FetchProgress progress) {
        String fingerprint = fingerprint(sources);
        if (upToDate(sources, out)) {
            return out;
        }
        Path parent = out.toAbsolutePath().getParent();
        String prefix = "." + out.getFileName() + ".partial-";
        try {
            Files.createDirectories(parent);
            try (Stream<Path> leftovers = Files.list(parent)) {
                for (Path old : leftovers.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                    FolderTree.delete(old);
                }
            }
            Path work = Files.createTempDirectory(parent, prefix);
            try {
                write(sources, work, progress);
                ObjectNode record = JSON.createObjectNode().put("fingerprint", fingerprint).put("converter", VERSION)
                        .put("source", sources.pipeline().toAbsolutePath().toString())
                        .put("precision", sources.precision().label());
                sources.lora().ifPresent(lora -> record.putObject("lora")
                        .put("file", lora.weights().toAbsolutePath().toString()).put("scale", lora.scale()));
                Files.writeString(work.resolve(RECORD), record.toPrettyString(), StandardCharsets.UTF_8);
                if (Files.exists(out)) {
                    FolderTree.delete(out);
                }
                Files.move(work, out, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.exists(work)) {
                    FolderTree.delete(work);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the converted model to " + out + ": " + e.getMessage(), e);
        }
    }

    private static void write(ConversionSources sources, Path out, FetchProgress progress) throws IOException {
        Path in = sources.pipeline();
        ModelConfig index = ModelConfig.read(in.resolve("model_index.json"));
        boolean sdxl = index.has("text_encoder_2");
        ModelConfig unetConfig = ModelConfig.read(in.resolve("unet/config.json"));
        UnetArchitecture unet = UnetArchitecture.of(unetConfig, "UNet2DConditionModel");
        String pipelineClass = index.text("_class_name", "a diffusers pipeline");
        if (sdxl != unet.textTime()) {
            throw new InvalidCheckpointException(in.resolve("model_index.json") + " describes " + pipelineClass + " ("
                    + (sdxl ? "SDXL, with text_encoder_2" : "SD 1.x/2.x") + ") but unet/config.json is "
                    + (unet.textTime() ? "an SDXL UNet (text_time)" : "an SD 1.x/2.x UNet"));
        }
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("text_encoder", () -> textEncoder(sources, "text_encoder", out)));
        if (sdxl) {
            steps.add(new Step("text_encoder_2", () -> textEncoder(sources, "text_encoder_2", out)));
        }
        steps.add(new Step("unet", () -> unet(sources, unet, out)));
        steps.add(new Step("vae", () -> vae(sources, out)));
        Precision precision = sources.precision();
        sources.controlNet().ifPresent(dir -> steps.add(new Step("controlnet", () -> controlNet(dir, unet, out, precision))));
        sources.ipAdapter().ifPresent(ip -> steps.add(new Step("image_encoder", () -> imageEncoder(ip, unet, out, precision))));
        for (int i = 0; i < steps.size(); i++) {
            progress.update("converting " + steps.get(i).name(), i, steps.size());
            steps.get(i).work().run();
        }
        progress.update("converting", steps.size(), steps.size());

        copyFolder(in.resolve("tokenizer"), out.resolve("tokenizer"));
        if (sdxl) {
            copyFolder(in.resolve("tokenizer_2"), out.resolve("tokenizer_2"));
        }
        copyFolder(in.resolve("scheduler"), out.resolve("scheduler"));
        if (sources.lcmScheduler()) {
            nameScheduler(out.resolve("scheduler/scheduler_config.json"), LcmScheduler.CLASS_NAME);
        }
        ObjectNode outIndex = JSON.createObjectNode().put("_class_name", pipelineClass)
                .put("force_zeros_for_empty_prompt", index.bool("force_zeros_for_empty_prompt", sdxl));
        Files.writeString(out.resolve("model_index.json"), outIndex.toPrettyString(), StandardCharsets.UTF_8);
    }

    private record Step(String name, Runnable work) {
    }

    /**
     * Makes a scheduler config name another scheduler class, keeping its settings: what diffusers'
     * {@code <Class>.from_config(pipe.scheduler.config)} then {@code save_config} records (the
     * class's own settings stay at their defaults).
     */
    private static void nameScheduler(Path config, String className) throws IOException {
        // diffusers spells DPM-Solver's infinite lambda_min_clipped as a bare -Infinity.
        ObjectNode json = (ObjectNode) JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()
                .readTree(config.toFile());
        json.put("_class_name", className);
        Files.writeString(config, json.toPrettyString(), StandardCharsets.UTF_8);
    }

    private static void textEncoder(ConversionSources sources, String role, Path out) {
        Path dir = sources.pipeline().resolve(role);
        try (Checkpoint weights = Checkpoint.open(dir, "model", sources.preferFp16())) {
            ClipTextConverter.convert(ModelConfig.read(dir.resolve("config.json")), weights, out.resolve(role),
                    sources.precision());
        }
    }

    private static void unet(ConversionSources sources, UnetArchitecture a, Path out) {
        Path dir = sources.pipeline().resolve("unet");
        try (Checkpoint weights = Checkpoint.open(dir, "diffusion_pytorch_model", sources.preferFp16());
             Checkpoint adapter = sources.ipAdapter().map(ip -> Checkpoint.of(ip.weights())).orElse(null);
             UnetLora lora = sources.lora().map(l -> UnetLora.open(l.weights(), l.scale())).orElse(UnetLora.none())) {
            UnetConverter.Wiring wiring = new UnetConverter.Wiring(sources.controlNet().isPresent(), Optional.ofNullable(adapter));
            UnetConverter.graph(a, weights, lora, wiring).write(out.resolve("unet"), true, sources.precision());
            copy(dir.resolve("config.json"), out.resolve("unet/config.json"));
        }
    }

    private static void vae(ConversionSources sources, Path out) {
        Path dir = sources.pipeline().resolve("vae");
        ModelConfig config = ModelConfig.read(dir.resolve("config.json"));
        try (Checkpoint weights = Checkpoint.open(dir, "diffusion_pytorch_model", sources.preferFp16())) {
            VaeConverter.convert(config, weights, out.resolve("vae_encoder"), out.resolve("vae_decoder"),
                    vaePrecision(config, sources.precision()));
        }
        copy(dir.resolve("config.json"), out.resolve("vae_encoder/config.json"));
        copy(dir.resolve("config.json"), out.resolve("vae_decoder/config.json"));
    }

    /**
     * A VAE that overflows in float16 says so with {@code force_upcast}, which diffusers' AutoencoderKL
     * takes as true when the config does not name it (the SDXL VAE sets it; the SD 1.5 config predates it).
     */
    static Precision vaePrecision(ModelConfig config, Precision asked) {
        return config.bool("force_upcast", true) ? Precision.FLOAT32 : asked;
    }

    private static void controlNet(Path dir, UnetArchitecture unet, Path out, Precision precision) {
        ModelConfig config = ModelConfig.read(dir.resolve("config.json"));
        UnetArchitecture a = UnetArchitecture.of(config, "ControlNetModel");
        if (a.crossAttentionDim() != unet.crossAttentionDim() || a.textTime() != unet.textTime()
                || !java.util.Arrays.equals(a.blocks(), unet.blocks())) {
            throw new InvalidCheckpointException(dir + " is a ControlNet for another model: it has blocks "
                    + java.util.Arrays.toString(a.blocks()) + " and cross-attention width " + a.crossAttentionDim()
                    + ", the UNet " + java.util.Arrays.toString(unet.blocks()) + " and " + unet.crossAttentionDim());
        }
        try (Checkpoint weights = Checkpoint.open(dir, "diffusion_pytorch_model", false)) {
            ControlNetConverter.convert(config, weights, out.resolve("controlnet"), precision);
        }
        copy(dir.resolve("config.json"), out.resolve("controlnet/config.json"));
    }

    private static void imageEncoder(ConversionSources.IpAdapterFiles ip, UnetArchitecture unet, Path out, Precision precision) {
        ModelConfig config = ModelConfig.read(ip.imageEncoder().resolve("config.json"));
        ImageEncoderConverter.Architecture a = ImageEncoderConverter.Architecture.of(config);
        try (Checkpoint weights = Checkpoint.open(ip.imageEncoder(), "model", false);
             Checkpoint adapter = Checkpoint.of(ip.weights())) {
            long[] proj = adapter.find("image_proj.proj.weight").map(t -> t.shape()).orElse(new long[] {0, 0});
            if (proj.length == 2 && proj[1] != a.projectionDim()) {
                throw new InvalidCheckpointException(ip.weights() + " takes image embeddings of width " + proj[1] + " but "
                        + ip.imageEncoder() + " gives " + a.projectionDim() + ": the adapter was trained with another image encoder");
            }
            ImageEncoderConverter.encoder(a, weights).write(out.resolve("image_encoder"), true, precision);
            ImageEncoderConverter.projection(adapter, unet.crossAttentionDim()).write(out.resolve("image_projection"), true,
                    precision);
        }
        copy(ip.imageEncoder().resolve("config.json"), out.resolve("image_encoder/config.json"));
    }

    /** A digest of the converter version, the options and every source file's name, size and time. */
    static String fingerprint(ConversionSources sources) {
        StringBuilder s = new StringBuilder("converter " + VERSION + " fp16 " + sources.preferFp16() + "\n");
        // Only a LoRA, float16 graphs and the LCM scheduler add to the text, so earlier conversions stay up to date.
        sources.lora().ifPresent(lora -> s.append("lora scale ").append(lora.scale()).append('\n'));
        if (sources.precision() != Precision.FLOAT32) {
            s.append("precision ").append(sources.precision().label()).append('\n');
        }
        if (sources.lcmScheduler()) {
            s.append("scheduler ").append(LcmScheduler.CLASS_NAME).append('\n');
        }
        try {
            for (Path f : sources.files()) {
                s.append(f.toAbsolutePath()).append(' ').append(Files.size(f)).append(' ')
                        .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Sha256.of(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void copyFolder(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            throw new InvalidCheckpointException(from + " is missing");
        }
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                copy(f, to.resolve(f.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + ": " + e.getMessage(), e);
        }
    }

}
