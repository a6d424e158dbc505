package dev.backdrop.diffusion.tiny;

import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The layout of SD 1.5's UNet ({@code UNet2DConditionModel}: block widths W, 2W, 4W, 4W; two
 * ResNet blocks and one transformer per level on the way down, three on the way up with skip
 * connections; a middle block; 8 heads; GEGLU feed-forward) with random weights, so that a
 * benchmark times the work of a real step. At W = 320 it has the real model's convolutions,
 * projections and attention products, except that the keys and values of cross-attention come
 * from the tiny text encoder's narrow tokens instead of 768-wide ones (a small share of the
 * work), and the timestep enters as a scaled number instead of a sinusoidal embedding.
 */
final class Sd15Unet {

    private static final int HEADS = 8;
    private static final int GROUPS = 32;

    private final OnnxGraphBuilder g;
    private final int width;
    private final int crossDim;
    private String timeEmbedding;
    private String context;

    private Sd15Unet(OnnxGraphBuilder g, int width, int crossDim) {
        this.g = g;
        this.width = width;
        this.crossDim = crossDim;
    }

    /**
     * Adds the UNet from {@code sample} ([B, in, H, W]), a {@code [B, 1]} float timestep and
     * {@code hidden} ([B, T, crossDim]) to {@code g}; returns the {@code [B, 4, H, W]} output.
     */
    static String build(OnnxGraphBuilder g, String sample, int inChannels, String timestep, String hidden, int width,
                        int crossDim) {
        return new Sd15Unet(g, width, crossDim).unet(sample, inChannels, timestep, hidden);
    }

    private String unet(String sample, int inChannels, String timestep, String hidden) {
        int embedding = 4 * width;
        timeEmbedding = g.linear(g.silu(g.linear(timestep, 1, embedding)), embedding, embedding);
        context = hidden;
        int[] widths = {width, 2 * width, 4 * width, 4 * width};
        String x = g.conv(sample, inChannels, width, 3);
        Deque<String> skips = new ArrayDeque<>();
        Deque<Integer> skipWidths = new ArrayDeque<>();
        skips.push(x);
        skipWidths.push(width);
        int channels = width;
        for (int level = 0; level < widths.length; level++) {
            boolean attention = level < 3;
            for (int block = 0; block < 2; block++) {
                x = resnet(x, channels, widths[level]);
                channels = widths[level];
                if (attention) {
                    x = transformer(x, channels);
                }
                skips.push(x);
                skipWidths.push(channels);
            }
            if (level < widths.length - 1) {
                x = g.conv(x, channels, channels, 3, 2);
                skips.push(x);
                skipWidths.push(channels);
            }
        }
        x = resnet(x, channels, channels);
        x = transformer(x, channels);
        x = resnet(x, channels, channels);
        for (int level = widths.length - 1; level >= 0; level--) {
            boolean attention = level < 3;
            for (int block = 0; block < 3; block++) {
                int skipWidth = skipWidths.pop();
                x = g.node("Concat", List.of(x, skips.pop()), OnnxGraphBuilder.intAttribute("axis", 1));
                x = resnet(x, channels + skipWidth, widths[level]);
                channels = widths[level];
                if (attention) {
                    x = transformer(x, channels);
                }
            }
            if (level > 0) {
                x = g.conv(g.upsample2(x), channels, channels, 3);
            }
        }
        return g.conv(g.silu(g.groupNorm(x, channels, GROUPS)), channels, TinyModels.LATENT_CHANNELS, 3);
    }

    /** Group norm, SiLU, 3×3 conv, plus the time embedding; again; plus the (1×1-projected) input. */
    private String resnet(String x, int in, int out) {
        String h = g.conv(g.silu(g.groupNorm(x, in, GROUPS)), in, out, 3);
        h = g.node("Add", h, g.toMap(g.linear(g.silu(timeEmbedding), 4L * width, out)));
        h = g.conv(g.silu(g.groupNorm(h, out, GROUPS)), out, out, 3);
        String shortcut = in == out ? x : g.conv(x, in, out, 1);
        return g.node("Add", shortcut, h);
    }

    /** Group norm, 1×1 projection, self-attention, cross-attention, GEGLU feed-forward, 1×1 projection back. */
    private String transformer(String x, int channels) {
        String map = g.conv(g.groupNorm(x, channels, GROUPS), channels, channels, 1);
        String shape = g.node("Shape", map);
        String tokens = g.node("Transpose", List.of(g.node("Reshape", map, g.longs(0, channels, -1))),
                OnnxGraphBuilder.intsAttribute("perm", 0, 2, 1));
        String normed = g.layerNorm(tokens, channels);
        tokens = g.node("Add", tokens, attention(normed, normed, channels, channels));
        tokens = g.node("Add", tokens, attention(g.layerNorm(tokens, channels), context, channels, crossDim));
        tokens = g.node("Add", tokens, feedForward(g.layerNorm(tokens, channels), channels));
        String back = g.node("Reshape", g.node("Transpose", List.of(tokens),
                OnnxGraphBuilder.intsAttribute("perm", 0, 2, 1)), shape);
        return g.node("Add", x, g.conv(back, channels, channels, 1));
    }

    /** Multi-head attention of {@code queries} ([B, N, C]) over {@code keys} ([B, T, keyDim]). */
    private String attention(String queries, String keys, int channels, int keyDim) {
        int head = channels / HEADS;
        String q = heads(g.matmul(queries, channels, channels, 1f), head);
        String k = heads(g.matmul(keys, keyDim, channels, 1f), head);
        String v = heads(g.matmul(keys, keyDim, channels, 1f), head);
        String kT = g.node("Transpose", List.of(k), OnnxGraphBuilder.intsAttribute("perm", 0, 1, 3, 2));
        String scores = g.node("Mul", g.node("MatMul", q, kT), g.scalar((float) (1 / Math.sqrt(head))));
        String weights = g.node("Softmax", List.of(scores), OnnxGraphBuilder.intAttribute("axis", -1));
        String mixed = g.node("Transpose", List.of(g.node("MatMul", weights, v)),
                OnnxGraphBuilder.intsAttribute("perm", 0, 2, 1, 3));
        return g.linear(g.node("Reshape", mixed, g.longs(0, 0, channels)), channels, channels);
    }

    /** {@code [B, N, C]} to {@code [B, heads, N, C / heads]}. */
    private String heads(String x, int head) {
        return g.node("Transpose", List.of(g.node("Reshape", x, g.longs(0, 0, HEADS, head))),
                OnnxGraphBuilder.intsAttribute("perm", 0, 2, 1, 3));
    }

    /** GEGLU: {@code (x W1) split into a, gate; (a · gelu(gate)) W2}, inner width 4C. */
    private String feedForward(String x, int channels) {
        int inner = 4 * channels;
        String both = g.linear(x, channels, 2L * inner);
        String a = g.node("Slice", both, g.longs(0), g.longs(inner), g.longs(-1));
        String gate = g.node("Slice", both, g.longs(inner), g.longs(2L * inner), g.longs(-1));
        String erf = g.node("Erf", g.node("Mul", gate, g.scalar((float) (1 / Math.sqrt(2)))));
        String gelu = g.node("Mul", g.node("Mul", gate, g.scalar(0.5f)), g.node("Add", erf, g.scalar(1f)));
        return g.linear(g.node("Mul", a, gelu), inner, channels);
    }
}
