package dev.backdrop.diffusion.convert;

import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.FLOAT;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import dev.backdrop.diffusion.graph.Precision;
import java.nio.file.Path;
import java.util.List;

/**
 * diffusers' {@code ControlNetModel} to the graph the generator runs beside the UNet: {@code
 * sample} (the 4-channel latents), {@code timestep}, {@code encoder_hidden_states}, {@code
 * controlnet_cond} (the edge image in [0, 1] at pixel size) and {@code conditioning_scale} in;
 * one residual per UNet skip ({@code down_block_res_sample_N}) and {@code mid_block_res_sample}
 * out, each already multiplied by the scale.
 */
public final class ControlNetConverter {

    private ControlNetConverter() {
    }

    public static void convert(ModelConfig config, Checkpoint weights, Path out, Precision precision) {
        graph(config, weights).write(out, true, precision);
    }

    static OnnxGraphBuilder graph(ModelConfig config, Checkpoint weights) {
        UnetArchitecture a = UnetArchitecture.of(config, "ControlNetModel");
        if (config.bool("global_pool_conditions", false)
                || !config.text("controlnet_conditioning_channel_order", "rgb").equals("rgb")) {
            throw new InvalidCheckpointException(config.file() + ": pooled conditions and BGR channel order are not supported");
        }
        int[] embedding = config.has("conditioning_embedding_out_channels")
                ? config.integers("conditioning_embedding_out_channels") : new int[] {16, 32, 96, 256};
        int conditionChannels = config.integer("conditioning_channels", 3);

        CheckpointGraph c = new CheckpointGraph("controlnet", weights);
        OnnxGraphBuilder g = c.g;
        g.input("sample", FLOAT, "batch_size", a.inChannels(), "height", "width");
        UnetParts unet = new UnetParts(c, a, null);
        unet.declareConditioningInputs();
        g.input("controlnet_cond", FLOAT, "batch_size", conditionChannels, "image_height", "image_width");
        g.input("conditioning_scale", FLOAT);
        String emb = unet.timeEmbedding();
        String x = c.conv("sample", "conv_in", a.inChannels(), a.blocks()[0], 3, 1, 1);
        x = g.node("Add", x, conditionEmbedding(c, embedding, conditionChannels, a.blocks()[0]));
        List<UnetParts.Skip> skips = unet.down(x, emb, "encoder_hidden_states");
        for (int i = 0; i < skips.size(); i++) {
            long ch = skips.get(i).channels();
            String residual = c.conv(skips.get(i).value(), "controlnet_down_blocks." + i, ch, ch, 1, 1, 0);
            String name = "down_block_res_sample_" + i;
            g.nodeTo(name, "Mul", List.of(residual, "conditioning_scale"));
            g.output(name, FLOAT, "batch_size", ch, "down_height_" + i, "down_width_" + i);
        }
        long last = a.blocks()[a.levels() - 1];
        String mid = unet.mid(skips.get(skips.size() - 1).value(), emb, "encoder_hidden_states");
        g.nodeTo("mid_block_res_sample", "Mul", List.of(c.conv(mid, "controlnet_mid_block", last, last, 1, 1, 0),
                "conditioning_scale"));
        g.output("mid_block_res_sample", FLOAT, "batch_size", last, "mid_height", "mid_width");
        weights.requireAllUsed("ControlNetModel", name -> false);
        return g;
    }

    /** {@code ControlNetConditioningEmbedding}: the image brought down to latent size by strided convolutions. */
    private static String conditionEmbedding(CheckpointGraph c, int[] channels, int in, long out) {
        String p = "controlnet_cond_embedding.";
        OnnxGraphBuilder g = c.g;
        String x = g.silu(c.conv("controlnet_cond", p + "conv_in", in, channels[0], 3, 1, 1));
        for (int i = 0; i < channels.length - 1; i++) {
            x = g.silu(c.conv(x, p + "blocks." + 2 * i, channels[i], channels[i], 3, 1, 1));
            x = g.silu(c.conv(x, p + "blocks." + (2 * i + 1), channels[i], channels[i + 1], 3, 2, 1));
        }
        return c.conv(x, p + "conv_out", channels[channels.length - 1], out, 3, 1, 1);
    }
}
