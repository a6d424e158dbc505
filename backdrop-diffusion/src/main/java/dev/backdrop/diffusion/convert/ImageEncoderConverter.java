package dev.backdrop.diffusion.convert;

import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.FLOAT;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.intAttribute;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.intsAttribute;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import dev.backdrop.diffusion.graph.Precision;
import java.nio.file.Path;
import java.util.List;

/**
 * The IP-Adapter's two image graphs: transformers' {@code CLIPVisionModelWithProjection} ({@code
 * pixel_values}, normalised as CLIP's image processor does, to {@code image_embeds}), and the
 * adapter's {@code ImageProjection} ({@code image_embeds} to {@code ip_tokens}, the tokens the
 * UNet's image attention reads: a linear map to {@code N × cross_attention_dim}, then layer norm).
 * They are separate graphs because the unconditional half of guidance projects a zero embedding.
 */
public final class ImageEncoderConverter {

    private ImageEncoderConverter() {
    }

    record Architecture(int imageSize, int patch, int channels, int hidden, int intermediate, int layers, int heads,
                        String activation, double eps, int projectionDim) {

        static Architecture of(ModelConfig config) {
            String[] architectures = config.has("architectures") ? config.texts("architectures") : new String[0];
            if (architectures.length > 0 && !architectures[0].equals("CLIPVisionModelWithProjection")) {
                throw new InvalidCheckpointException(config.file() + " describes a " + architectures[0]
                        + ", not a CLIPVisionModelWithProjection");
            }
            return new Architecture(config.integer("image_size", 224), config.integer("patch_size", 32),
                    config.integer("num_channels", 3), config.integer("hidden_size", 768),
                    config.integer("intermediate_size", 3072), config.integer("num_hidden_layers", 12),
                    config.integer("num_attention_heads", 12), config.text("hidden_act", "quick_gelu"),
                    config.number("layer_norm_eps", 1e-5), config.integer("projection_dim", 512));
        }

        int positions() {
            int side = imageSize / patch;
            return side * side + 1;
        }
    }

    /** Writes the CLIP image encoder graph. */
    public static void convertEncoder(ModelConfig config, Checkpoint weights, Path out, Precision precision) {
        encoder(Architecture.of(config), weights).write(out, true, precision);
    }

    /** Writes the IP-Adapter's image projection graph. */
    public static void convertProjection(Checkpoint adapter, int crossAttentionDim, Path out, Precision precision) {
        projection(adapter, crossAttentionDim).write(out, true, precision);
    }

    static OnnxGraphBuilder encoder(Architecture a, Checkpoint weights) {
        CheckpointGraph c = new CheckpointGraph("image_encoder", weights);
        OnnxGraphBuilder g = c.g;
        String p = "vision_model.";
        g.input("pixel_values", FLOAT, "batch_size", a.channels(), a.imageSize(), a.imageSize());
        String patches = g.node("Conv", List.of("pixel_values",
                        c.param(p + "embeddings.patch_embedding.weight", a.hidden(), a.channels(), a.patch(), a.patch())),
                intsAttribute("kernel_shape", a.patch(), a.patch()), intsAttribute("strides", a.patch(), a.patch()));
        String tokens = g.node("Transpose", List.of(g.node("Reshape", patches, g.longs(0, a.hidden(), -1))),
                intsAttribute("perm", 0, 2, 1));
        String batch = g.node("Slice", g.node("Shape", "pixel_values"), g.longs(0), g.longs(1));
        String classToken = g.node("Expand", c.paramAs(p + "embeddings.class_embedding", new long[] {a.hidden()}, 1, 1, a.hidden()),
                g.node("Concat", List.of(batch, g.longs(1, a.hidden())), intAttribute("axis", 0)));
        String x = g.node("Concat", List.of(classToken, tokens), intAttribute("axis", 1));
        x = g.node("Add", x, c.param(p + "embeddings.position_embedding.weight", a.positions(), a.hidden()));
        x = c.layerNorm(x, p + "pre_layrnorm", a.hidden(), a.eps());
        x = ClipEncoderLayers.run(c, p, x, a.layers(), a.hidden(), a.intermediate(), a.heads(), a.activation(), a.eps(),
                null, (index, value) -> { });
        String pooled = g.node("Squeeze", g.node("Slice", x, g.longs(0), g.longs(1), g.longs(1)), g.longs(1));
        pooled = c.layerNorm(pooled, p + "post_layernorm", a.hidden(), a.eps());
        g.identity("image_embeds", c.linear(pooled, "visual_projection", a.hidden(), a.projectionDim(), false));
        g.output("image_embeds", FLOAT, "batch_size", a.projectionDim());
        weights.requireAllUsed("CLIPVisionModelWithProjection", name -> name.equals(p + "embeddings.position_ids"));
        return g;
    }

    static OnnxGraphBuilder projection(Checkpoint adapter, int crossDim) {
        CheckpointGraph c = new CheckpointGraph("image_projection", adapter);
        OnnxGraphBuilder g = c.g;
        var proj = adapter.find("image_proj.proj.weight").orElseThrow(() -> new InvalidCheckpointException(adapter.source()
                + " has no image_proj.proj.weight: only the plain IP-Adapter's image projection is supported"
                + " (not the Plus or Full Face variants)"));
        long[] shape = proj.shape();
        if (shape.length != 2 || shape[0] % crossDim != 0) {
            throw new InvalidCheckpointException(adapter.source() + ": image_proj.proj.weight " + java.util.Arrays.toString(shape)
                    + " does not project to tokens of the UNet's cross-attention width " + crossDim);
        }
        long tokens = shape[0] / crossDim;
        long embedding = shape[1];
        g.input("image_embeds", FLOAT, "batch_size", embedding);
        String projected = c.linear("image_embeds", "image_proj.proj", embedding, tokens * crossDim, true);
        String split = g.node("Reshape", projected, g.longs(-1, tokens, crossDim));
        g.identity("ip_tokens", c.layerNorm(split, "image_proj.norm", crossDim, 1e-5));
        g.output("ip_tokens", FLOAT, "batch_size", tokens, crossDim);
        return g;
    }
}
