package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import java.util.List;

/**
 * The convolutional building blocks diffusers' UNets, VAEs and ControlNets share ({@code
 * ResnetBlock2D}, {@code Downsample2D}, {@code Upsample2D}, the VAE's single-head spatial
 * attention), each reading its weights under the prefix diffusers gives it.
 */
final class DiffusersLayers {

    private final CheckpointGraph c;
    private final OnnxGraphBuilder g;
    private final int groups;
    private final double eps;

    DiffusersLayers(CheckpointGraph c, int groups, double eps) {
        this.c = c;
        this.g = c.g;
        this.groups = groups;
        this.eps = eps;
    }

    /**
     * {@code ResnetBlock2D}: norm, SiLU, 3×3 convolution, plus the projected time embedding
     * ({@code temb}, or null where there is none), norm, SiLU, convolution, added to the input
     * (through a 1×1 {@code conv_shortcut} when the width changes).
     */
    String resnet(String x, String prefix, long in, long out, String temb, long tembChannels) {
        String h = g.silu(c.groupNorm(x, prefix + ".norm1", in, groups, eps));
        h = c.conv(h, prefix + ".conv1", in, out, 3, 1, 1);
        if (temb != null) {
            String t = c.linear(g.silu(temb), prefix + ".time_emb_proj", tembChannels, out, true);
            h = g.node("Add", h, g.toMap(t));
        }
        h = g.silu(c.groupNorm(h, prefix + ".norm2", out, groups, eps));
        h = c.conv(h, prefix + ".conv2", out, out, 3, 1, 1);
        String shortcut = in == out ? x : c.conv(x, prefix + ".conv_shortcut", in, out, 1, 1, 0);
        return g.node("Add", shortcut, h);
    }

    /** {@code Downsample2D} with a convolution: stride 2, padded by one on each side, or (VAE) on the bottom and right only. */
    String downsample(String x, String prefix, long channels, boolean asymmetricPadding) {
        if (asymmetricPadding) {
            String padded = g.node("Pad", x, g.longs(0, 0, 0, 0, 0, 0, 1, 1));
            return c.conv(padded, prefix + ".conv", channels, channels, 3, 2, 0);
        }
        return c.conv(x, prefix + ".conv", channels, channels, 3, 2, 1);
    }

    /** {@code Upsample2D} with a convolution: nearest-neighbour doubling, then a 3×3 convolution. */
    String upsample(String x, String prefix, long channels) {
        return c.conv(g.nearestUpsample2(x), prefix + ".conv", channels, channels, 3, 1, 1);
    }

    /**
     * The VAE's mid-block attention: group norm, one head over all {@code H·W} positions, output
     * projection, plus the input. Older checkpoints name its weights {@code query}, {@code key},
     * {@code value} and {@code proj_attn}; both layouts are read.
     */
    String spatialAttention(String x, String prefix, long channels) {
        boolean legacy = c.weights.has(prefix + ".query.weight");
        String h = c.groupNorm(x, prefix + ".group_norm", channels, groups, eps);
        String shape = g.node("Shape", h);
        // [B, C, H, W] -> [B, H·W, C]
        String tokens = g.node("Transpose", List.of(g.node("Reshape", h, g.longs(0, channels, -1))),
                OnnxGraphBuilder.intsAttribute("perm", 0, 2, 1));
        String q = c.linear(tokens, prefix + (legacy ? ".query" : ".to_q"), channels, channels, true);
        String k = c.linear(tokens, prefix + (legacy ? ".key" : ".to_k"), channels, channels, true);
        String v = c.linear(tokens, prefix + (legacy ? ".value" : ".to_v"), channels, channels, true);
        String attended = c.attention(q, k, v, 1, channels, null);
        String out = c.linear(attended, prefix + (legacy ? ".proj_attn" : ".to_out.0"), channels, channels, true);
        String map = g.node("Reshape", g.node("Transpose", List.of(out), OnnxGraphBuilder.intsAttribute("perm", 0, 2, 1)), shape);
        return g.node("Add", map, x);
    }
}
