package dev.backdrop.diffusion.tiny;

import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.FLOAT;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.FLOAT16;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.INT32;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.INT64;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.intAttribute;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backdrop.diffusion.model.TimestepForm;
import dev.backdrop.diffusion.tiny.TinyModelSpec.ControlNetKind;
import dev.backdrop.diffusion.tiny.TinyModelSpec.IpAdapterKind;
import dev.backdrop.diffusion.tokenizer.ClipTokenizerFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes tiny random-weight Stable Diffusion folders in the ONNX layout Hugging Face Optimum
 * exports: the same files, tensor names, ranks and dtypes as the real models, with hidden sizes of
 * a few dozen and a couple of layers per graph, so the whole pipeline can run in milliseconds.
 * The pictures they make are noise, by design. Weights are seeded: the same spec writes the same
 * bytes. A spec with a {@link TinyModelSpec#unetWidth() UNet width} gets a UNet that does real work
 * per call instead, for benchmarks; the other graphs stay tiny.
 */
public final class TinyModels {

    /** Tokens per prompt, as CLIP. */
    public static final int TOKENS = 77;
    /** Text hidden size of SD 1.x tiny models and of the first SDXL encoder. */
    public static final int TEXT_HIDDEN = 32;
    /** Hidden size of the tiny second SDXL encoder. */
    public static final int TEXT_HIDDEN_2 = 48;
    /** Size of the tiny SDXL pooled text embedding ({@code text_embeds}). */
    public static final int TEXT_PROJECTION = 40;
    /** Size of the tiny CLIP image embedding. */
    public static final int IMAGE_EMBEDDING = 32;
    /** UNet sample size in latents (64 pixels). */
    public static final int SAMPLE_SIZE = 8;
    /** Image tokens the tiny token-style IP-Adapter appends to the text tokens. */
    public static final int IMAGE_TOKENS = 4;
    public static final int LATENT_CHANNELS = 4;
    /** Channels of the benchmark UNet: those of SD 1.5's first UNet level. */
    public static final int BENCH_UNET_WIDTH = 320;
    /** UNet sample size in latents of the benchmark folder: SD 1.5's (512 pixels). */
    public static final int BENCH_SAMPLE_SIZE = 64;
    /** Residuals of the tiny split ControlNet: one per down level plus the middle one. */
    public static final int CONTROLNET_DOWN_RESIDUALS = 3;

    private static final int FEATURES = 8;
    private static final int ID_TABLE = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Key of model_index.json that marks a folder as a tiny random-weight model. */
    private static final String MARKER = "_backdrop_tiny_random_weights";

    private TinyModels() {
    }

    public static Path write(Path dir, TinyVariant variant) {
        return write(dir, variant.spec());
    }

    /**
     * Writes a complete model folder into {@code dir} (created if needed) and returns it. Refuses a
     * folder that holds anything but an earlier tiny model, so a real model is never overwritten.
     */
    public static Path write(Path dir, TinyModelSpec spec) {
        try {
            refuseForeignFolder(dir);
            Files.createDirectories(dir);
            int crossDim = spec.sdxl() ? TEXT_HIDDEN + TEXT_HIDDEN_2 : TEXT_HIDDEN;
            int idType = spec.int64InputIds() ? INT64 : INT32;
            textEncoder(dir.resolve("text_encoder"), TEXT_HIDDEN, 0, spec.sdxl(), idType, 11);
            ClipTokenizerFiles.write(dir.resolve("tokenizer"), "<|endoftext|>");
            if (spec.sdxl()) {
                textEncoder(dir.resolve("text_encoder_2"), TEXT_HIDDEN_2, TEXT_PROJECTION, true, idType, 12);
                ClipTokenizerFiles.copy(dir.resolve("tokenizer"), dir.resolve("tokenizer_2"), "!");
            }
            unet(dir.resolve("unet"), spec, crossDim);
            vaeEncoder(dir.resolve("vae_encoder"), spec.latentParameters());
            vaeDecoder(dir.resolve("vae_decoder"));
            if (spec.controlNet() == ControlNetKind.SPLIT) {
                controlNet(dir.resolve("controlnet"), spec.timestep(), crossDim);
            }
            if (spec.ipAdapter() != IpAdapterKind.NONE) {
                imageEncoder(dir.resolve("image_encoder"), spec.ipAdapter() == IpAdapterKind.TOKENS ? crossDim : 0);
            }
            writeConfigs(dir, spec, crossDim);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void textEncoder(Path folder, int hidden, int projection, boolean hiddenStates, int idType,
                                    long seed) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("text_encoder", seed);
        g.input("input_ids", idType, "batch_size", "sequence_length");
        // Ids wrap onto a small table: the real vocabulary would only make the file bigger.
        String ids = g.node("Mod", "input_ids", g.integer(idType, ID_TABLE));
        String h0 = g.node("Gather", g.weight(1f, ID_TABLE, hidden), ids);
        String h1 = g.node("Tanh", g.node("Add", g.matmul(h0, hidden, hidden, 1.5f), g.weight(0.1f, hidden)));
        String h2 = g.node("Tanh", g.matmul(h1, hidden, hidden, 1.5f));
        String pooled = g.reduceMean(h2, false, 1);
        if (projection > 0) {
            g.identity("text_embeds", g.matmul(pooled, hidden, projection, 1f));
            g.output("text_embeds", FLOAT, "batch_size", projection);
        }
        g.identity("last_hidden_state", h2);
        g.output("last_hidden_state", FLOAT, "batch_size", "sequence_length", hidden);
        if (projection == 0) {
            g.identity("pooler_output", pooled);
            g.output("pooler_output", FLOAT, "batch_size", hidden);
        }
        if (hiddenStates) {
            String[] states = {h0, h1, h2};
            for (int i = 0; i < states.length; i++) {
                g.identity("hidden_states." + i, states[i]);
                g.output("hidden_states." + i, FLOAT, "batch_size", "sequence_length", hidden);
            }
        }
        g.write(folder, false);
    }

    private static void timestepInput(OnnxGraphBuilder g, TimestepForm form, Object batch, boolean half) {
        int type = form.integral() ? INT64 : half ? FLOAT16 : FLOAT;
        if (form.batched()) {
            g.input("timestep", type, batch);
        } else if (form.shape(1).length == 0) {
            g.input("timestep", type);
        } else {
            g.input("timestep", type, 1);
        }
    }

    /** The timestep as a {@code [N,1,1,1]} float map to add to features. */
    private static String timestepTerm(OnnxGraphBuilder g) {
        String t = g.node("Cast", List.of("timestep"), intAttribute("to", FLOAT));
        String map = g.node("Reshape", t, g.longs(-1, 1, 1, 1));
        return g.node("Mul", map, g.scalar(0.001f));
    }

    /** The mean text token projected to feature channels, as {@code [B,F,1,1]}. */
    private static String textTerm(OnnxGraphBuilder g, String hidden, int crossDim) {
        String mean = g.reduceMean(hidden, false, 1);
        return g.toMap(g.matmul(mean, crossDim, FEATURES, 2f));
    }

    private static void unet(Path folder, TinyModelSpec spec, int crossDim) {
        if (spec.unetWidth() > 0) {
            benchUnet(folder, spec, crossDim);
            return;
        }
        OnnxGraphBuilder g = new OnnxGraphBuilder("unet", 21);
        Object batch = spec.unetBatch() > 0 ? (Object) spec.unetBatch() : "batch_size";
        int floatType = spec.float16Unet() ? FLOAT16 : FLOAT;
        // Half-precision exports take and give float16; the tiny graph computes in float32 between casts.
        java.util.function.BiFunction<String, Object[], String> in = (name, dims) -> {
            g.input(name, floatType, dims);
            return spec.float16Unet() ? g.node("Cast", List.of(name), intAttribute("to", FLOAT)) : name;
        };
        String sample = in.apply("sample", new Object[] {batch, spec.unetInChannels(), "height", "width"});
        timestepInput(g, spec.timestep(), batch, spec.float16Unet());
        String hidden = in.apply("encoder_hidden_states", new Object[] {batch, "sequence_length", crossDim});
        String sum = g.node("Add", g.conv(sample, spec.unetInChannels(), FEATURES, 3), timestepTerm(g));
        sum = g.node("Add", sum, textTerm(g, hidden, crossDim));
        if (spec.sdxl()) {
            String embeds = in.apply("text_embeds", new Object[] {batch, TEXT_PROJECTION});
            String ids = in.apply("time_ids", new Object[] {batch, 6});
            sum = g.node("Add", sum, g.toMap(g.matmul(embeds, TEXT_PROJECTION, FEATURES, 1f)));
            String time = g.node("Mul", ids, g.scalar(0.001f));
            sum = g.node("Add", sum, g.toMap(g.matmul(time, 6, FEATURES, 1f)));
        }
        if (spec.controlNet() == ControlNetKind.SPLIT) {
            for (int i = 0; i < CONTROLNET_DOWN_RESIDUALS; i++) {
                String name = in.apply("down_block_additional_residual_" + i,
                        new Object[] {batch, FEATURES, "down_height_" + i, "down_width_" + i});
                sum = g.node("Add", sum, i == 0 ? name : g.reduceMean(name, true, 2, 3));
            }
            String mid = in.apply("mid_block_additional_residual", new Object[] {batch, FEATURES, "mid_height", "mid_width"});
            sum = g.node("Add", sum, g.reduceMean(mid, true, 2, 3));
        }
        if (spec.controlNet() == ControlNetKind.FUSED) {
            String cond = in.apply("controlnet_cond", new Object[] {batch, 3, "image_height", "image_width"});
            String scale = in.apply("conditioning_scale", new Object[0]);
            String control = g.conv(g.averagePool(cond, 8), 3, FEATURES, 1);
            sum = g.node("Add", sum, g.node("Mul", control, scale));
        }
        if (spec.ipAdapter() == IpAdapterKind.EMBEDS) {
            String embeds = in.apply("image_embeds", new Object[] {batch, IMAGE_EMBEDDING});
            String scale = in.apply("ip_adapter_scale", new Object[] {1});
            String image = g.toMap(g.matmul(embeds, IMAGE_EMBEDDING, FEATURES, 2f));
            sum = g.node("Add", sum, g.node("Mul", image, scale));
        }
        String features = g.node("Tanh", sum);
        String out = g.conv(features, FEATURES, LATENT_CHANNELS, 1);
        if (spec.float16Unet()) {
            out = g.node("Cast", List.of(out), intAttribute("to", FLOAT16));
        }
        g.identity("out_sample", out);
        g.output("out_sample", floatType, batch, LATENT_CHANNELS, "height", "width");
        g.write(folder, spec.externalWeights());
    }

    /**
     * The benchmark UNet: the layers of SD 1.5's UNet that run at full latent resolution before
     * the first attention, at their real width {@code W} (320): {@code conv_in} (3×3, in → W), one
     * ResNet block (group norm, SiLU, 3×3 W → W, plus the time and text terms, group norm, SiLU,
     * 3×3 W → W, residual) and {@code conv_out} (group norm, SiLU, 3×3, W → 4). The text enters as
     * its mean token projected to W channels, the timestep as a scaled constant: cheap stand-ins
     * for the real embeddings. Same inputs and output as the tiny UNet. With
     * {@link TinyModelSpec#fullUnet()} it is SD 1.5's whole UNet instead ({@link Sd15Unet}).
     */
    private static void benchUnet(Path folder, TinyModelSpec spec, int crossDim) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("unet", 22);
        Object batch = spec.unetBatch() > 0 ? (Object) spec.unetBatch() : "batch_size";
        int floatType = spec.float16Unet() ? FLOAT16 : FLOAT;
        int width = spec.unetWidth();
        g.input("sample", floatType, batch, spec.unetInChannels(), "height", "width");
        timestepInput(g, spec.timestep(), batch, spec.float16Unet());
        g.input("encoder_hidden_states", floatType, batch, "sequence_length", crossDim);
        String sample = spec.float16Unet() ? g.node("Cast", List.of("sample"), intAttribute("to", FLOAT)) : "sample";
        String hidden = spec.float16Unet()
                ? g.node("Cast", List.of("encoder_hidden_states"), intAttribute("to", FLOAT)) : "encoder_hidden_states";
        String out = spec.fullUnet() ? Sd15Unet.build(g, sample, spec.unetInChannels(), scaledTimestep(g), hidden,
                width, crossDim) : firstLevel(g, sample, hidden, spec.unetInChannels(), width, crossDim);
        if (spec.float16Unet()) {
            out = g.node("Cast", List.of(out), intAttribute("to", FLOAT16));
        }
        g.identity("out_sample", out);
        g.output("out_sample", floatType, batch, LATENT_CHANNELS, "height", "width");
        g.write(folder, spec.externalWeights());
    }

    /** SD 1.5's first UNet level: {@code conv_in}, one ResNet block, {@code conv_out}. */
    private static String firstLevel(OnnxGraphBuilder g, String sample, String hidden, int inChannels, int width,
                                     int crossDim) {
        String features = g.conv(sample, inChannels, width, 3);
        String text = g.toMap(g.matmul(g.reduceMean(hidden, false, 1), crossDim, width, 1f));
        String conditioning = g.node("Add", text, timestepTerm(g));
        String inner = g.conv(g.silu(g.groupNorm(features, width, 32)), width, width, 3);
        inner = g.node("Add", inner, conditioning);
        inner = g.conv(g.silu(g.groupNorm(inner, width, 32)), width, width, 3);
        features = g.node("Add", features, inner);
        return g.conv(g.silu(g.groupNorm(features, width, 32)), width, LATENT_CHANNELS, 3);
    }

    /** The timestep as a {@code [N, 1]} float, scaled to about 0..1, for the full UNet's time embedding. */
    private static String scaledTimestep(OnnxGraphBuilder g) {
        String t = g.node("Cast", List.of("timestep"), intAttribute("to", FLOAT));
        return g.node("Mul", g.node("Reshape", t, g.longs(-1, 1)), g.scalar(0.001f));
    }

    /**
     * Multiply-adds of one benchmark UNet call per batch item on a latent grid of {@code plane}
     * cells: its four 3×3 convolutions (the norms, activations and additions are not counted).
     */
    public static long benchUnetMultiplyAdds(TinyModelSpec spec, long plane) {
        long w = spec.unetWidth();
        return plane * 9 * (spec.unetInChannels() * w + 2 * w * w + w * LATENT_CHANNELS);
    }

    private static void controlNet(Path folder, TimestepForm form, int crossDim) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("controlnet", 31);
        g.input("sample", FLOAT, "batch_size", LATENT_CHANNELS, "height", "width");
        timestepInput(g, form, "batch_size", false);
        g.input("encoder_hidden_states", FLOAT, "batch_size", "sequence_length", crossDim);
        g.input("controlnet_cond", FLOAT, "batch_size", 3, "image_height", "image_width");
        g.input("conditioning_scale", FLOAT);
        String sum = g.node("Add", g.conv("sample", LATENT_CHANNELS, FEATURES, 3), timestepTerm(g));
        sum = g.node("Add", sum, textTerm(g, "encoder_hidden_states", crossDim));
        sum = g.node("Add", sum, g.conv(g.averagePool("controlnet_cond", 8), 3, FEATURES, 1));
        String level = g.node("Mul", g.node("Tanh", sum), "conditioning_scale");
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < CONTROLNET_DOWN_RESIDUALS; i++) {
            if (i > 0) {
                level = g.averagePool(level, 2);
            }
            String name = "down_block_res_sample_" + i;
            g.identity(name, level);
            outputs.add(name);
            g.output(name, FLOAT, "batch_size", FEATURES, "down_height_" + i, "down_width_" + i);
        }
        String mid = g.node("Mul", g.node("Tanh", g.conv(level, FEATURES, FEATURES, 1)), "conditioning_scale");
        g.identity("mid_block_res_sample", mid);
        g.output("mid_block_res_sample", FLOAT, "batch_size", FEATURES, "mid_height", "mid_width");
        g.write(folder, false);
    }

    private static void vaeEncoder(Path folder, boolean parameters) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("vae_encoder", 41);
        g.input("sample", FLOAT, "batch_size", 3, "height", "width");
        int channels = parameters ? 2 * LATENT_CHANNELS : LATENT_CHANNELS;
        String name = parameters ? "latent_parameters" : "latent_sample";
        g.identity(name, g.conv(g.averagePool("sample", 8), 3, channels, 1));
        g.output(name, FLOAT, "batch_size", channels, "height_latent", "width_latent");
        g.write(folder, false);
    }

    private static void vaeDecoder(Path folder) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("vae_decoder", 51);
        g.input("latent_sample", FLOAT, "batch_size", LATENT_CHANNELS, "height_latent", "width_latent");
        String small = g.conv("latent_sample", LATENT_CHANNELS, 3, 1);
        String scales = g.floats(new float[] {1, 1, 8, 8}, 4);
        String large = g.node("Resize", List.of(small, "", scales), text("mode", "nearest"));
        g.identity("sample", g.node("Tanh", large));
        g.output("sample", FLOAT, "batch_size", 3, "height", "width");
        g.write(folder, false);
    }

    /** A CLIP image encoder; with {@code tokenWidth > 0} its embedding is projected to image tokens of that width. */
    private static void imageEncoder(Path folder, int tokenWidth) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("image_encoder", 61);
        g.input("pixel_values", FLOAT, "batch_size", 3, 224, 224);
        String pooled = g.node("Flatten", List.of(g.averagePool("pixel_values", 32)), intAttribute("axis", 1));
        String embeds = g.matmul(pooled, 3 * 7 * 7, IMAGE_EMBEDDING, 1f);
        if (tokenWidth > 0) {
            String flat = g.matmul(embeds, IMAGE_EMBEDDING, (long) IMAGE_TOKENS * tokenWidth, 1f);
            g.identity("image_embeds", g.node("Reshape", flat, g.longs(0, IMAGE_TOKENS, tokenWidth)));
            g.output("image_embeds", FLOAT, "batch_size", IMAGE_TOKENS, tokenWidth);
        } else {
            g.identity("image_embeds", embeds);
            g.output("image_embeds", FLOAT, "batch_size", IMAGE_EMBEDDING);
        }
        g.write(folder, false);
    }

    private static void writeConfigs(Path dir, TinyModelSpec spec, int crossDim) throws IOException {
        ObjectNode index = JSON.createObjectNode();
        index.put("_class_name", spec.sdxl() ? "StableDiffusionXLInpaintPipeline" : "StableDiffusionInpaintPipeline");
        index.put("_diffusers_version", "0.30.0");
        index.put(MARKER, spec.toString());
        component(index, "text_encoder", "transformers", spec.sdxl() ? "CLIPTextModel" : "CLIPTextModel");
        component(index, "tokenizer", "transformers", "CLIPTokenizer");
        if (spec.sdxl()) {
            component(index, "text_encoder_2", "transformers", "CLIPTextModelWithProjection");
            component(index, "tokenizer_2", "transformers", "CLIPTokenizer");
            index.put("force_zeros_for_empty_prompt", true);
        }
        component(index, "unet", "diffusers", "UNet2DConditionModel");
        component(index, "vae", "diffusers", "AutoencoderKL");
        component(index, "scheduler", "diffusers", spec.sdxl() ? "EulerDiscreteScheduler" : "PNDMScheduler");
        if (spec.controlNet() == ControlNetKind.SPLIT) {
            component(index, "controlnet", "diffusers", "ControlNetModel");
        }
        if (spec.ipAdapter() != IpAdapterKind.NONE) {
            component(index, "image_encoder", "transformers", "CLIPVisionModelWithProjection");
        }
        json(dir.resolve("model_index.json"), index);

        ObjectNode scheduler = JSON.createObjectNode();
        scheduler.put("_class_name", spec.sdxl() ? "EulerDiscreteScheduler" : "PNDMScheduler");
        scheduler.put("num_train_timesteps", 1000);
        scheduler.put("beta_start", 0.00085);
        scheduler.put("beta_end", 0.012);
        scheduler.put("beta_schedule", "scaled_linear");
        scheduler.put("prediction_type", "epsilon");
        scheduler.put("steps_offset", 1);
        scheduler.put("set_alpha_to_one", false);
        scheduler.put("clip_sample", false);
        scheduler.put("skip_prk_steps", true);
        scheduler.put("timestep_spacing", "leading");
        json(dir.resolve("scheduler").resolve("scheduler_config.json"), scheduler);

        ObjectNode unet = JSON.createObjectNode();
        unet.put("_class_name", "UNet2DConditionModel");
        unet.put("in_channels", spec.unetInChannels());
        unet.put("out_channels", LATENT_CHANNELS);
        unet.put("sample_size", sampleSize(spec));
        unet.put("cross_attention_dim", crossDim);
        if (spec.sdxl()) {
            unet.put("addition_embed_type", "text_time");
            unet.put("projection_class_embeddings_input_dim", TEXT_PROJECTION + 6 * 256);
        }
        json(dir.resolve("unet").resolve("config.json"), unet);

        for (String vae : List.of("vae_encoder", "vae_decoder")) {
            ObjectNode config = JSON.createObjectNode();
            config.put("_class_name", "AutoencoderKL");
            config.put("latent_channels", LATENT_CHANNELS);
            config.put("scaling_factor", spec.sdxl() ? 0.13025 : 0.18215);
            config.put("sample_size", sampleSize(spec) * 8);
            ArrayNode blocks = config.putArray("block_out_channels");
            for (int c : new int[] {8, 8, 8, 8}) {
                blocks.add(c);
            }
            json(dir.resolve(vae).resolve("config.json"), config);
        }
        ObjectNode text = JSON.createObjectNode();
        text.put("hidden_size", TEXT_HIDDEN);
        text.put("max_position_embeddings", TOKENS);
        json(dir.resolve("text_encoder").resolve("config.json"), text);
        if (spec.sdxl()) {
            ObjectNode text2 = JSON.createObjectNode();
            text2.put("hidden_size", TEXT_HIDDEN_2);
            text2.put("projection_dim", TEXT_PROJECTION);
            text2.put("max_position_embeddings", TOKENS);
            json(dir.resolve("text_encoder_2").resolve("config.json"), text2);
        }
        if (spec.ipAdapter() != IpAdapterKind.NONE) {
            ObjectNode image = JSON.createObjectNode();
            image.put("image_size", 224);
            image.put("projection_dim", IMAGE_EMBEDDING);
            json(dir.resolve("image_encoder").resolve("config.json"), image);
        }
    }

    private static int sampleSize(TinyModelSpec spec) {
        return spec.unetWidth() > 0 ? BENCH_SAMPLE_SIZE : SAMPLE_SIZE;
    }

    private static void refuseForeignFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        boolean empty;
        try (var entries = Files.list(dir)) {
            empty = entries.findAny().isEmpty();
        }
        if (empty) {
            return;
        }
        Path index = dir.resolve("model_index.json");
        boolean tiny = Files.isRegularFile(index) && JSON.readTree(index.toFile()).has(MARKER);
        if (!tiny) {
            throw new IllegalArgumentException(dir + " is not empty and holds no tiny model; pick a new folder"
                    + " (a tiny model never overwrites other files)");
        }
    }

    private static void component(ObjectNode index, String name, String library, String className) {
        ArrayNode entry = index.putArray(name);
        entry.add(library);
        entry.add(className);
    }

    private static void json(Path file, ObjectNode node) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }
}
