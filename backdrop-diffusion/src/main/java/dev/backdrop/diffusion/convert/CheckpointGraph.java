package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.StoredTensor;
import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import dev.backdrop.diffusion.graph.TensorData;
import java.util.List;

/**
 * A graph being built from a checkpoint: the layers of the reference architecture (linear,
 * convolution, normalization, attention) with the checkpoint's tensors, named as published, as
 * their weights. Each weight is asked for with the shape the config implies, so a mismatch fails
 * with the tensor's name. A LoRA's update of a linear or convolution weight is fused in as the
 * weight is written.
 */
final class CheckpointGraph {

    final OnnxGraphBuilder g;
    final Checkpoint weights;
    private final UnetLora lora;

    CheckpointGraph(String name, Checkpoint weights) {
        this(new OnnxGraphBuilder(name), weights, UnetLora.none());
    }

    /** A graph whose linear and convolution weights get the LoRA's updates fused in. */
    CheckpointGraph(String name, Checkpoint weights, UnetLora lora) {
        this(new OnnxGraphBuilder(name), weights, lora);
    }

    /** Layers of one graph reading another checkpoint (an adapter's weights beside the model's). */
    CheckpointGraph(OnnxGraphBuilder g, Checkpoint weights) {
        this(g, weights, UnetLora.none());
    }

    private CheckpointGraph(OnnxGraphBuilder g, Checkpoint weights, UnetLora lora) {
        this.g = g;
        this.weights = weights;
        this.lora = lora;
    }

    /** The tensor as an initializer of its stored shape. */
    String param(String name, long... shape) {
        return g.initializer(name, CheckpointTensorData.of(weights.require(name, shape)));
    }

    /** The tensor as an initializer under another shape of the same size (e.g. {@code [C]} as {@code [C,1,1]}). */
    String paramAs(String name, long[] stored, long... shape) {
        return g.initializer(name, CheckpointTensorData.reshaped(weights.require(name, stored), shape));
    }

    /** {@code x · Wᵀ + b} for a PyTorch {@code Linear} at {@code prefix} ({@code prefix.weight} {@code [out, in]}). */
    String linear(String x, String prefix, long in, long out, boolean bias) {
        StoredTensor w = weights.require(prefix + ".weight", out, in);
        TensorData transposed = lora.update(prefix, w.shape()).<TensorData>map(u -> FusedTensorData.transposed(w, u))
                .orElseGet(() -> CheckpointTensorData.transposed(w));
        String y = g.node("MatMul", x, g.initializer(prefix + ".weight", transposed));
        return bias ? g.node("Add", y, param(prefix + ".bias", out)) : y;
    }

    /** A PyTorch {@code Conv2d} at {@code prefix}. */
    String conv(String x, String prefix, long in, long out, int kernel, int stride, int pad) {
        StoredTensor stored = weights.require(prefix + ".weight", out, in, kernel, kernel);
        TensorData data = lora.update(prefix, stored.shape()).<TensorData>map(u -> FusedTensorData.of(stored, u))
                .orElseGet(() -> CheckpointTensorData.of(stored));
        String w = g.initializer(prefix + ".weight", data);
        return g.conv(x, w, param(prefix + ".bias", out), kernel, stride, pad);
    }

    /** A PyTorch {@code LayerNorm} over the last axis at {@code prefix}. */
    String layerNorm(String x, String prefix, long channels, double eps) {
        return g.layerNorm(x, param(prefix + ".weight", channels), param(prefix + ".bias", channels), eps);
    }

    /** A PyTorch {@code GroupNorm} at {@code prefix} on a {@code [B, C, H, W]} map. */
    String groupNorm(String x, String prefix, long channels, int groups, double eps) {
        long[] stored = {channels};
        return g.groupNorm(x, groups, eps, paramAs(prefix + ".weight", stored, channels, 1, 1),
                paramAs(prefix + ".bias", stored, channels, 1, 1));
    }

    /**
     * Scaled dot-product attention of {@code [B, S, heads·d]} queries on {@code [B, T, heads·d]}
     * keys and values, with an optional additive mask broadcast onto {@code [B, heads, S, T]};
     * returns {@code [B, S, heads·d]}.
     */
    String attention(String q, String k, String v, int heads, long headDim, String mask) {
        String qh = splitHeads(q, heads, headDim);
        String kt = g.node("Transpose", List.of(g.node("Reshape", k, g.longs(0, 0, heads, headDim))),
                OnnxGraphBuilder.intsAttribute("perm", 0, 2, 3, 1));
        String vh = splitHeads(v, heads, headDim);
        String scores = g.node("Mul", g.node("MatMul", qh, kt), g.scalar((float) (1 / Math.sqrt(headDim))));
        if (mask != null) {
            scores = g.node("Add", scores, mask);
        }
        String weightsOfKeys = g.node("Softmax", List.of(scores), OnnxGraphBuilder.intAttribute("axis", -1));
        String out = g.node("Transpose", List.of(g.node("MatMul", weightsOfKeys, vh)),
                OnnxGraphBuilder.intsAttribute("perm", 0, 2, 1, 3));
        return g.node("Reshape", out, g.longs(0, 0, heads * headDim));
    }

    private String splitHeads(String x, int heads, long headDim) {
        return g.node("Transpose", List.of(g.node("Reshape", x, g.longs(0, 0, heads, headDim))),
                OnnxGraphBuilder.intsAttribute("perm", 0, 2, 1, 3));
    }

    /** An activation by the name transformers and diffusers configs give it. */
    String activation(String x, String name) {
        return switch (name) {
            case "quick_gelu" -> g.quickGelu(x);
            case "gelu" -> g.gelu(x);
            case "silu", "swish" -> g.silu(x);
            default -> throw new dev.backdrop.diffusion.checkpoint.InvalidCheckpointException(
                    "unsupported activation \"" + name + "\" (supported: quick_gelu, gelu, silu)");
        };
    }
}
