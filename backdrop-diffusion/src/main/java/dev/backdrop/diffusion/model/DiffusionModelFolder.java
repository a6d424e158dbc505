package dev.backdrop.diffusion.model;

import static dev.backdrop.diffusion.model.Checks.require;
import static dev.backdrop.diffusion.model.Checks.requireRank;

import dev.backdrop.onnx.ExecutionSettings;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.BackdropException;
import dev.backdrop.diffusion.scheduler.SchedulerConfig;
import dev.backdrop.diffusion.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Stable Diffusion model folder in the ONNX layout Hugging Face Optimum exports (SD 1.x, 2.x,
 * SDXL and their inpainting variants, optional ControlNet and IP-Adapter), loaded and checked:
 * every graph's tensor names, ranks and dtypes are read from its session's metadata, and a folder
 * whose parts are missing or disagree is refused with an {@link InvalidDiffusionModelException}
 * that names the culprit. Holds the sessions; close it to free them.
 */
public final class DiffusionModelFolder implements AutoCloseable {

    static final Set<String> UNET_CORE_INPUTS = Set.of("sample", "timestep", "encoder_hidden_states");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HIDDEN_STATE = Pattern.compile("hidden_states\\.(\\d+)");

    private final Path dir;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final SchedulerConfig schedulerConfig;
    private final List<TextEncoder> textEncoders = new ArrayList<>();
    private final OnnxModel unet;
    private final OnnxModel vaeEncoder;
    private final OnnxModel vaeDecoder;
    private final TimestepForm timestepForm;
    private final int latentChannels;
    private final int unetInChannels;
    private final String vaeEncoderOutput;
    private final boolean vaeEncoderOutputsParameters;
    private final double scalingFactor;
    private final int vaeScaleFactor;
    private final int sampleSize;
    private final int unetBatchLimit;
    private final boolean sdxl;
    private final boolean forceZerosForEmptyPrompt;
    private final ControlNetWiring controlNet;
    private final ImagePromptWiring imagePrompt;

    /**
     * One text encoder with its tokenizer, and which output the pipeline reads.
     *
     * @param hiddenOutput the hidden states fed to the UNet (last, or penultimate for SDXL)
     * @param pooledOutput SDXL's second encoder: {@code text_embeds}; else null
     * @param hiddenSize   the width of {@code hiddenOutput}, -1 when dynamic
     */
    public record TextEncoder(ClipTokenizer tokenizer, OnnxModel model, TensorSignature inputIds,
                              String hiddenOutput, String pooledOutput, long hiddenSize) {
    }

    private DiffusionModelFolder(Path dir, ExecutionSettings settings) {
        this.dir = dir;
        if (!Files.isDirectory(dir)) {
            throw new InvalidDiffusionModelException("diffusion model folder " + dir + " does not exist or is not a folder");
        }
        JsonNode index = json(dir.resolve("model_index.json"), true);
        List<String> missing = new ArrayList<>();
        for (String part : List.of("scheduler/scheduler_config.json", "tokenizer/vocab.json", "tokenizer/merges.txt",
                "text_encoder/model.onnx", "unet/model.onnx", "vae_encoder/model.onnx", "vae_decoder/model.onnx")) {
            if (!Files.isRegularFile(dir.resolve(part))) {
                missing.add(part);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidDiffusionModelException("diffusion model folder " + dir + " is incomplete: "
                    + String.join(", ", missing) + " missing (expected the ONNX layout Hugging Face Optimum exports,"
                    + " with a VAE encoder for inpainting)");
        }
        MemoryCheck.require(dir, settings);
        schedulerConfig = part("scheduler/scheduler_config.json",
                () -> SchedulerConfig.read(dir.resolve("scheduler/scheduler_config.json")));
        forceZerosForEmptyPrompt = index.path("force_zeros_for_empty_prompt").asBoolean(false);

        try (OrtSession.SessionOptions options = settings.sessionOptions()) {
            unet = own(OnnxModel.load(dir.resolve("unet"), "unet", options));
            sdxl = unet.input("text_embeds").isPresent() || unet.input("time_ids").isPresent();
            if (sdxl) {
                require(Files.isRegularFile(dir.resolve("text_encoder_2/model.onnx")),
                        "unet/model.onnx takes text_embeds and time_ids (SDXL) but text_encoder_2/model.onnx is missing");
                require(Files.isDirectory(dir.resolve("tokenizer_2")),
                        "unet/model.onnx is an SDXL UNet but tokenizer_2/ is missing");
            } else {
                require(!Files.isDirectory(dir.resolve("text_encoder_2")),
                        "the folder has text_encoder_2/ (SDXL) but unet/model.onnx takes no text_embeds/time_ids");
            }
            textEncoders.add(textEncoder("text_encoder", "tokenizer", options, false));
            if (sdxl) {
                textEncoders.add(textEncoder("text_encoder_2", "tokenizer_2", options, true));
            }
            vaeEncoder = own(OnnxModel.load(dir.resolve("vae_encoder"), "vae_encoder", options));
            vaeDecoder = own(OnnxModel.load(dir.resolve("vae_decoder"), "vae_decoder", options));

            TensorSignature sample = unet.requireInput("sample");
            requireRank(unet, sample, 4);
            TensorSignature hidden = unet.requireInput("encoder_hidden_states");
            requireRank(unet, hidden, 3);
            TensorSignature timestep = unet.requireInput("timestep");
            timestepForm = TimestepForm.of(timestep).orElseThrow(() -> new InvalidDiffusionModelException(
                    "unet/model.onnx timestep input " + timestep + " has an unknown form; expected a scalar, [1] or [batch]"));
            TensorSignature out = unet.outputs().values().iterator().next();
            requireRank(unet, out, 4);
            JsonNode unetConfig = json(dir.resolve("unet/config.json"), false);
            latentChannels = (int) (out.fixed(1) ? out.dim(1) : unetConfig.path("out_channels").asInt(4));
            unetInChannels = (int) (sample.fixed(1) ? sample.dim(1)
                    : unetConfig.path("in_channels").asInt(latentChannels));
            require(unetInChannels == latentChannels || unetInChannels == 2 * latentChannels + 1,
                    "unet/model.onnx takes " + unetInChannels + " channels; expected " + latentChannels
                            + " (text-to-image) or " + (2 * latentChannels + 1) + " (inpainting)");
            unetBatchLimit = sample.fixed(0) ? (int) sample.dim(0) : Integer.MAX_VALUE;

            long textWidth = 0;
            for (TextEncoder encoder : textEncoders) {
                textWidth = encoder.hiddenSize() < 0 || textWidth < 0 ? -1 : textWidth + encoder.hiddenSize();
            }
            if (hidden.fixed(2) && textWidth > 0) {
                require(hidden.dim(2) == textWidth, "unet/model.onnx takes encoder_hidden_states of width "
                        + hidden.dim(2) + " but the text encoder" + (sdxl ? "s give " : " gives ") + textWidth);
            }
            if (sdxl) {
                TensorSignature embeds = unet.requireInput("text_embeds");
                TensorSignature pooled = textEncoders.get(1).model().requireOutput("text_embeds");
                if (embeds.rank() == 2 && pooled.rank() == 2 && embeds.fixed(1) && pooled.fixed(1)) {
                    require(embeds.dim(1) == pooled.dim(1), "unet/model.onnx takes text_embeds of width "
                            + embeds.dim(1) + " but text_encoder_2 gives " + pooled.dim(1));
                }
                TensorSignature timeIds = unet.requireInput("time_ids");
                require(timeIds.rank() == 2 && (!timeIds.fixed(1) || timeIds.dim(1) == 6),
                        "unet/model.onnx time_ids " + timeIds + " must be [batch, 6]");
            }

            TensorSignature latentIn = vaeDecoder.requireInput("latent_sample");
            requireRank(vaeDecoder, latentIn, 4);
            require(!latentIn.fixed(1) || latentIn.dim(1) == latentChannels, "vae_decoder/model.onnx takes "
                    + latentIn.dim(1) + " latent channels but the UNet makes " + latentChannels);
            requireRank(vaeEncoder, vaeEncoder.requireInput("sample"), 4);
            if (vaeEncoder.outputs().containsKey("latent_parameters")) {
                vaeEncoderOutput = "latent_parameters";
            } else if (vaeEncoder.outputs().containsKey("latent_sample")) {
                vaeEncoderOutput = "latent_sample";
            } else {
                throw new InvalidDiffusionModelException("vae_encoder/model.onnx has neither a latent_sample nor a"
                        + " latent_parameters output; its outputs are " + vaeEncoder.outputs().values());
            }
            TensorSignature latentOut = vaeEncoder.requireOutput(vaeEncoderOutput);
            requireRank(vaeEncoder, latentOut, 4);
            long encoded = latentOut.fixed(1) ? latentOut.dim(1)
                    : vaeEncoderOutput.equals("latent_parameters") ? 2L * latentChannels : latentChannels;
            require(encoded == latentChannels || encoded == 2L * latentChannels, "vae_encoder/model.onnx makes "
                    + encoded + " channels; expected " + latentChannels + " or " + 2 * latentChannels + " (mean and log-variance)");
            vaeEncoderOutputsParameters = encoded == 2L * latentChannels;

            JsonNode vaeConfig = json(dir.resolve("vae_decoder/config.json"), false);
            if (vaeConfig.isMissingNode() || vaeConfig.path("scaling_factor").isMissingNode()) {
                vaeConfig = json(dir.resolve("vae_encoder/config.json"), false);
            }
            scalingFactor = vaeConfig.path("scaling_factor").asDouble(sdxl ? 0.13025 : 0.18215);
            require(scalingFactor > 0, "the VAE's scaling_factor must be positive, got " + scalingFactor);
            int blocks = vaeConfig.path("block_out_channels").size();
            vaeScaleFactor = blocks > 0 ? 1 << (blocks - 1) : 8;
            sampleSize = sample.fixed(2) ? (int) sample.dim(2)
                    : unetConfig.path("sample_size").asInt(sdxl ? 128 : 64);

            java.util.function.Function<String, OnnxModel> load = role -> own(OnnxModel.load(dir.resolve(role), role, options));
            controlNet = ControlNetWiring.of(dir, unet, load);
            imagePrompt = ImagePromptWiring.of(dir, unet, hidden, load);
            List<String> residuals = new ArrayList<>();
            if (controlNet instanceof ControlNetWiring.Split split) {
                residuals.addAll(split.unetDownInputs());
                residuals.add(split.unetMidInput());
            }
            checkFeedable(unet, Set.of("text_embeds", "time_ids", "controlnet_cond", "conditioning_scale",
                    "image_embeds", "ip_adapter_scale", "ip_tokens", "ip_scale"), residuals);
            if (controlNet instanceof ControlNetWiring.Split split) {
                checkFeedable(split.model(), Set.of("controlnet_cond", "conditioning_scale", "text_embeds", "time_ids"),
                        List.of());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Loads and checks the folder, running on the CPU with ONNX Runtime's default threads. */
    public static DiffusionModelFolder open(Path dir) {
        return open(dir, ExecutionSettings.CPU);
    }

    public static DiffusionModelFolder open(Path dir, ExecutionSettings settings) {
        return new DiffusionModelFolder(dir, settings);
    }

    private TextEncoder textEncoder(String role, String tokenizerFolder, OrtSession.SessionOptions options,
                                    boolean withPooled) {
        ClipTokenizer tokenizer = part(tokenizerFolder + "/", () -> ClipTokenizer.load(dir.resolve(tokenizerFolder)));
        OnnxModel model = own(OnnxModel.load(dir.resolve(role), role, options));
        TensorSignature ids = model.requireInput("input_ids");
        require(ids.rank() == 2, role + "/model.onnx input_ids " + ids + " must be [batch, tokens]");
        require(!ids.fixed(1) || ids.dim(1) == tokenizer.maxLength(), role + "/model.onnx takes " + ids.dim(1)
                + " tokens but " + tokenizerFolder + "/ makes " + tokenizer.maxLength());
        for (String name : model.inputs().keySet()) {
            require(name.equals("input_ids") || name.equals("attention_mask"),
                    role + "/model.onnx has an input \"" + name + "\" that a CLIP text encoder does not take");
        }
        String hiddenOutput;
        if (sdxl) {
            // SDXL conditions on the penultimate layer of both encoders.
            List<Integer> layers = new ArrayList<>();
            for (String name : model.outputs().keySet()) {
                Matcher m = HIDDEN_STATE.matcher(name);
                if (m.matches()) {
                    layers.add(Integer.parseInt(m.group(1)));
                }
            }
            require(layers.size() >= 2, role + "/model.onnx exports no hidden_states.N outputs; SDXL needs the"
                    + " penultimate layer (export with output_hidden_states)");
            hiddenOutput = "hidden_states." + (layers.stream().max(Integer::compare).orElseThrow() - 1);
        } else {
            hiddenOutput = model.outputs().containsKey("last_hidden_state") ? "last_hidden_state"
                    : model.outputs().keySet().iterator().next();
        }
        TensorSignature hidden = model.requireOutput(hiddenOutput);
        require(hidden.rank() == 3 && hidden.floating(), role + "/model.onnx output " + hidden
                + " must be float [batch, tokens, width]");
        String pooled = null;
        if (withPooled) {
            pooled = model.requireOutput("text_embeds").name();
        }
        return new TextEncoder(tokenizer, model, ids, hiddenOutput, pooled, hidden.dim(2));
    }

    private static void checkFeedable(OnnxModel model, Set<String> optional, List<String> residuals) {
        for (TensorSignature input : model.inputs().values()) {
            String name = input.name();
            boolean known = UNET_CORE_INPUTS.contains(name) || optional.contains(name) || residuals.contains(name);
            require(known, model.role() + "/model.onnx has an input \"" + name + "\" that the pipeline cannot feed;"
                    + " its inputs are " + model.inputs().values());
            if (!name.equals("timestep")) {
                require(input.floating(), model.role() + "/model.onnx input " + input + " must be float32 or float16");
            }
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    private <T> T part(String what, java.util.function.Supplier<T> load) {
        try {
            return load.get();
        } catch (InvalidDiffusionModelException e) {
            throw e;
        } catch (BackdropException e) {
            throw new InvalidDiffusionModelException(what + " of " + dir + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode json(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new InvalidDiffusionModelException("the diffusion model folder has no " + file.getFileName()
                        + " (" + file + "); expected the ONNX layout Hugging Face Optimum exports");
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new InvalidDiffusionModelException(file + " must hold a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidDiffusionModelException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public SchedulerConfig schedulerConfig() {
        return schedulerConfig;
    }

    public List<TextEncoder> textEncoders() {
        return List.copyOf(textEncoders);
    }

    public OnnxModel unet() {
        return unet;
    }

    public OnnxModel vaeEncoder() {
        return vaeEncoder;
    }

    public OnnxModel vaeDecoder() {
        return vaeDecoder;
    }

    /** The ControlNet, if the folder has one, and how it is wired. */
    public ControlNetWiring controlNet() {
        return controlNet;
    }

    /** The IP-Adapter, if the folder has one, and how it is wired. */
    public ImagePromptWiring imagePrompt() {
        return imagePrompt;
    }

    /** Every graph the folder loaded, in loading order (for timing each). */
    public List<OnnxModel> graphs() {
        return owned.stream().filter(OnnxModel.class::isInstance).map(OnnxModel.class::cast).toList();
    }

    /** The optional parts and whether each is live, in words: for the start-up log and readiness. */
    public String describeParts() {
        return "ControlNet: " + (controlNet instanceof ControlNetWiring.Absent a ? "none (" + a.why() + ")"
                : controlNet instanceof ControlNetWiring.Fused ? "fused into the UNet" : "live")
                + "; IP-Adapter: " + (imagePrompt instanceof ImagePromptWiring.Absent a ? "none (" + a.why() + ")"
                : imagePrompt instanceof ImagePromptWiring.Decoupled ? "live" : "live (" + imagePrompt.getClass().getSimpleName() + ")");
    }

    public TimestepForm timestepForm() {
        return timestepForm;
    }

    public int latentChannels() {
        return latentChannels;
    }

    public int unetInChannels() {
        return unetInChannels;
    }

    /** True for 9-channel UNets that take the mask and masked-image latents. */
    public boolean inpaintingUnet() {
        return unetInChannels == 2 * latentChannels + 1;
    }

    public String vaeEncoderOutput() {
        return vaeEncoderOutput;
    }

    /** True when the VAE encoder gives mean and log-variance rather than a latent. */
    public boolean vaeEncoderOutputsParameters() {
        return vaeEncoderOutputsParameters;
    }

    public double scalingFactor() {
        return scalingFactor;
    }

    public int vaeScaleFactor() {
        return vaeScaleFactor;
    }

    /** The UNet's native latent size (64 for SD 1.5, 128 for SDXL). */
    public int sampleSize() {
        return sampleSize;
    }

    /** The largest batch the UNet takes (its fixed batch size, if it has one). */
    public int unetBatchLimit() {
        return unetBatchLimit;
    }

    public boolean sdxl() {
        return sdxl;
    }

    public boolean forceZerosForEmptyPrompt() {
        return forceZerosForEmptyPrompt;
    }

    /** The UNet's text sequence length when it is fixed, else -1. */
    public long unetSequenceLength() {
        TensorSignature hidden = unet.requireInput("encoder_hidden_states");
        return hidden.dim(1);
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception ignored) {
                // closing the rest matters more
            }
        }
        owned.clear();
    }
}
