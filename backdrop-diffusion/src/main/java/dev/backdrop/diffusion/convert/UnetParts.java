package dev.backdrop.diffusion.convert;

import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.FLOAT;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.intAttribute;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.intsAttribute;

import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts a UNet and its ControlNet share, built as diffusers' {@code UNet2DConditionModel}
 * computes them: the sinusoidal time embedding (plus SDXL's {@code text_time} embedding), the
 * down path with its skip outputs, the mid block, and the spatial transformers whose
 * cross-attention may carry an IP-Adapter's decoupled image attention.
 */
final class UnetParts {

    /** Eps of the transformers' input group norm, fixed in the reference. */
    private static final double TRANSFORMER_NORM_EPS = 1e-6;
    /** Eps of the transformer blocks' layer norms, the reference's default. */
    private static final double BLOCK_NORM_EPS = 1e-5;

    /** One skip output of the down path: its value and channel count. */
    record Skip(String value, long channels) {
    }

    /** An IP-Adapter's image tokens, their scale, and the adapter's weights for each cross-attention. */
    record ImagePrompt(String tokens, String scale, CheckpointGraph weights) {
    }

    final CheckpointGraph c;
    final OnnxGraphBuilder g;
    final UnetArchitecture a;
    final DiffusersLayers layers;
    private final ImagePrompt imagePrompt;
    private final java.util.Map<String, Integer> ipProcessors = new java.util.HashMap<>();

    UnetParts(CheckpointGraph c, UnetArchitecture a, ImagePrompt imagePrompt) {
        this.c = c;
        this.g = c.g;
        this.a = a;
        this.layers = new DiffusersLayers(c, a.groups(), a.eps());
        this.imagePrompt = imagePrompt;
        numberIpProcessors();
    }

    /**
     * The IP-Adapter numbers the attention processors 0, 1, 2, ... in the order the UNet
     * registers its modules (down blocks, up blocks, then the mid block: diffusers creates the
     * up-block list before it assigns the mid block); only the cross-attentions, the odd
     * numbers, have image keys and values.
     */
    private void numberIpProcessors() {
        int n = a.levels();
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (a.crossAttention()[i]) {
                for (int j = 0; j < a.layersPerBlock()[i]; j++) {
                    transformerBlocks(blocks, "down_blocks." + i + ".attentions." + j, a.transformerDepth()[i]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            int level = n - 1 - i;
            if (a.crossAttention()[level]) {
                for (int j = 0; j < a.layersPerBlock()[level] + 1; j++) {
                    transformerBlocks(blocks, "up_blocks." + i + ".attentions." + j, a.transformerDepth()[level]);
                }
            }
        }
        transformerBlocks(blocks, "mid_block.attentions.0", a.transformerDepth()[n - 1]);
        for (int k = 0; k < blocks.size(); k++) {
            ipProcessors.put(blocks.get(k), 2 * k + 1);
        }
    }

    private static void transformerBlocks(List<String> into, String transformer, int depth) {
        for (int d = 0; d < depth; d++) {
            into.add(transformer + ".transformer_blocks." + d);
        }
    }

    /** Declares the inputs both graphs take: {@code timestep [batch]} float, text, and SDXL's extras. */
    void declareConditioningInputs() {
        g.input("timestep", FLOAT, "batch_size");
        g.input("encoder_hidden_states", FLOAT, "batch_size", "sequence_length", a.crossAttentionDim());
        if (a.textTime()) {
            g.input("text_embeds", FLOAT, "batch_size", a.additionInputDim() - 6 * a.additionTimeEmbedDim());
            g.input("time_ids", FLOAT, "batch_size", 6);
        }
    }

    /** The time embedding {@code emb} the resnets add, {@code [B, 4·C0]}. */
    String timeEmbedding() {
        // The sinusoids stay float32: timesteps up to 999 times a frequency leave float16 half a radian apart.
        String t = g.inFloat32(() -> sinusoid("timestep", a.blocks()[0]));
        long dim = a.timeEmbedDim();
        String emb = c.linear(g.silu(c.linear(t, "time_embedding.linear_1", a.blocks()[0], dim, true)),
                "time_embedding.linear_2", dim, dim, true);
        if (a.textTime()) {
            String ids = g.inFloat32(() -> sinusoid(g.node("Reshape", "time_ids", g.longs(-1)), a.additionTimeEmbedDim()));
            String idEmbeds = g.node("Reshape", ids, g.longs(-1, 6L * a.additionTimeEmbedDim()));
            String joined = g.node("Concat", List.of("text_embeds", idEmbeds), intAttribute("axis", -1));
            String add = c.linear(g.silu(c.linear(joined, "add_embedding.linear_1", a.additionInputDim(), dim, true)),
                    "add_embedding.linear_2", dim, dim, true);
            emb = g.node("Add", emb, add);
        }
        return emb;
    }

    /**
     * diffusers' {@code get_timestep_embedding} of a {@code [N]} input: {@code exp(-ln(10000)·i/(half −
     * shift))} frequencies, computed in float32 as the reference does, then sine and cosine
     * (cosine first with {@code flip_sin_to_cos}).
     */
    private String sinusoid(String values, int dim) {
        int half = dim / 2;
        float[] freq = new float[half];
        float logPeriod = (float) -Math.log(10000);
        for (int i = 0; i < half; i++) {
            float exponent = (logPeriod * i) / (float) (half - a.freqShift());
            freq[i] = (float) Math.exp(exponent);
        }
        String column = g.node("Unsqueeze", g.node("Cast", List.of(values), intAttribute("to", FLOAT)), g.longs(1));
        String args = g.node("Mul", column, g.floats(freq, 1, half));
        String sin = g.node("Sin", args);
        String cos = g.node("Cos", args);
        return g.node("Concat", a.flipSinToCos() ? List.of(cos, sin) : List.of(sin, cos), intAttribute("axis", -1));
    }

    /** The down path from the {@code conv_in} output; returns every skip output, the first being its input. */
    List<Skip> down(String x, String emb, String text) {
        List<Skip> skips = new ArrayList<>();
        long channels = a.blocks()[0];
        skips.add(new Skip(x, channels));
        for (int i = 0; i < a.levels(); i++) {
            String block = "down_blocks." + i;
            long out = a.blocks()[i];
            for (int j = 0; j < a.layersPerBlock()[i]; j++) {
                x = layers.resnet(x, block + ".resnets." + j, channels, out, emb, a.timeEmbedDim());
                channels = out;
                if (a.crossAttention()[i]) {
                    x = transformer(x, block + ".attentions." + j, channels, a.heads()[i], a.transformerDepth()[i], text);
                }
                skips.add(new Skip(x, channels));
            }
            if (i < a.levels() - 1) {
                x = layers.downsample(x, block + ".downsamplers.0", channels, false);
                skips.add(new Skip(x, channels));
            }
        }
        return skips;
    }

    /** {@code UNetMidBlock2DCrossAttn}: resnet, then transformer and resnet. */
    String mid(String x, String emb, String text) {
        int last = a.levels() - 1;
        long channels = a.blocks()[last];
        x = layers.resnet(x, "mid_block.resnets.0", channels, channels, emb, a.timeEmbedDim());
        x = transformer(x, "mid_block.attentions.0", channels, a.heads()[last], a.transformerDepth()[last], text);
        return layers.resnet(x, "mid_block.resnets.1", channels, channels, emb, a.timeEmbedDim());
    }

    /** The up path, taking the skip outputs from the last. */
    String up(String x, String emb, String text, List<Skip> skips) {
        int n = a.levels();
        List<Skip> pending = new ArrayList<>(skips);
        long previous = a.blocks()[n - 1];
        for (int i = 0; i < n; i++) {
            int level = n - 1 - i;
            String block = "up_blocks." + i;
            long out = a.blocks()[level];
            int resnets = a.layersPerBlock()[level] + 1;
            for (int j = 0; j < resnets; j++) {
                Skip skip = pending.remove(pending.size() - 1);
                long in = j == 0 ? previous : out;
                x = g.node("Concat", List.of(x, skip.value()), intAttribute("axis", 1));
                x = layers.resnet(x, block + ".resnets." + j, in + skip.channels(), out, emb, a.timeEmbedDim());
                if (a.crossAttention()[level]) {
                    x = transformer(x, block + ".attentions." + j, out, a.heads()[level], a.transformerDepth()[level], text);
                }
            }
            if (i < n - 1) {
                x = layers.upsample(x, block + ".upsamplers.0", out);
            }
            previous = out;
        }
        return x;
    }

    /** {@code Transformer2DModel}: group norm, projection in, transformer blocks, projection out, plus the input. */
    String transformer(String x, String prefix, long channels, int heads, int depth, String text) {
        String shape = g.node("Shape", x);
        String h = c.groupNorm(x, prefix + ".norm", channels, a.groups(), TRANSFORMER_NORM_EPS);
        String tokens;
        if (a.linearProjection()) {
            tokens = c.linear(toTokens(h, channels), prefix + ".proj_in", channels, channels, true);
        } else {
            tokens = toTokens(c.conv(h, prefix + ".proj_in", channels, channels, 1, 1, 0), channels);
        }
        for (int d = 0; d < depth; d++) {
            tokens = transformerBlock(tokens, prefix + ".transformer_blocks." + d, channels, heads, text);
        }
        String out;
        if (a.linearProjection()) {
            out = toMap(c.linear(tokens, prefix + ".proj_out", channels, channels, true), shape);
        } else {
            out = c.conv(toMap(tokens, shape), prefix + ".proj_out", channels, channels, 1, 1, 0);
        }
        return g.node("Add", out, x);
    }

    private String toTokens(String map, long channels) {
        return g.node("Transpose", List.of(g.node("Reshape", map, g.longs(0, channels, -1))), intsAttribute("perm", 0, 2, 1));
    }

    private String toMap(String tokens, String shape) {
        return g.node("Reshape", g.node("Transpose", List.of(tokens), intsAttribute("perm", 0, 2, 1)), shape);
    }

    /** Attention without a mask; in float32 when the config asks for {@code upcast_attention}. */
    private String attention(String q, String k, String v, int heads, long headDim) {
        return a.upcastAttention() ? g.inFloat32(() -> c.attention(q, k, v, heads, headDim, null))
                : c.attention(q, k, v, heads, headDim, null);
    }

    /** {@code BasicTransformerBlock}: self-attention, cross-attention, GEGLU feed-forward, each pre-normed and residual. */
    private String transformerBlock(String x, String prefix, long dim, int heads, String text) {
        long headDim = dim / heads;
        String n = c.layerNorm(x, prefix + ".norm1", dim, BLOCK_NORM_EPS);
        String self = attention(c.linear(n, prefix + ".attn1.to_q", dim, dim, false),
                c.linear(n, prefix + ".attn1.to_k", dim, dim, false), c.linear(n, prefix + ".attn1.to_v", dim, dim, false),
                heads, headDim);
        x = g.node("Add", c.linear(self, prefix + ".attn1.to_out.0", dim, dim, true), x);

        n = c.layerNorm(x, prefix + ".norm2", dim, BLOCK_NORM_EPS);
        long cross = a.crossAttentionDim();
        String q = c.linear(n, prefix + ".attn2.to_q", dim, dim, false);
        String attended = attention(q, c.linear(text, prefix + ".attn2.to_k", cross, dim, false),
                c.linear(text, prefix + ".attn2.to_v", cross, dim, false), heads, headDim);
        if (imagePrompt != null) {
            CheckpointGraph ip = imagePrompt.weights();
            String p = "ip_adapter." + ipProcessors.get(prefix);
            String image = attention(q, ip.linear(imagePrompt.tokens(), p + ".to_k_ip", cross, dim, false),
                    ip.linear(imagePrompt.tokens(), p + ".to_v_ip", cross, dim, false), heads, headDim);
            attended = g.node("Add", attended, g.node("Mul", image, imagePrompt.scale()));
        }
        x = g.node("Add", c.linear(attended, prefix + ".attn2.to_out.0", dim, dim, true), x);

        n = c.layerNorm(x, prefix + ".norm3", dim, BLOCK_NORM_EPS);
        long inner = 4 * dim;
        String projected = c.linear(n, prefix + ".ff.net.0.proj", dim, 2 * inner, true);
        String hidden = g.node("Slice", projected, g.longs(0), g.longs(inner), g.longs(-1));
        String gate = g.node("Slice", projected, g.longs(inner), g.longs(2 * inner), g.longs(-1));
        String ff = c.linear(g.node("Mul", hidden, g.gelu(gate)), prefix + ".ff.net.2", inner, dim, true);
        return g.node("Add", ff, x);
    }
}
