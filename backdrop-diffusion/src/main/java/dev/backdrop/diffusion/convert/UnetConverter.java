package dev.backdrop.diffusion.convert;

import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.FLOAT;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import dev.backdrop.diffusion.graph.Precision;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * diffusers' {@code UNet2DConditionModel} (SD 1.x, SD 2.x, SDXL; inpainting's 9 input channels
 * included) to the graph the generator runs: {@code sample}, {@code timestep [batch]},
 * {@code encoder_hidden_states} (and SDXL's {@code text_embeds}, {@code time_ids}) in, {@code
 * out_sample} out. With a ControlNet the graph also takes its residuals ({@code
 * down_block_additional_residual_N}, {@code mid_block_additional_residual}); with an IP-Adapter,
 * the projected image tokens {@code ip_tokens} and their weight {@code ip_scale}, attended to by
 * the adapter's own keys and values beside the text's (0 switches the image off exactly). A LoRA
 * (such as the LCM-LoRA) is fused into the weights as they are written.
 */
public final class UnetConverter {

    private UnetConverter() {
    }

    /** What the converted UNet is wired for besides text. */
    public record Wiring(boolean controlNetResiduals, Optional<Checkpoint> ipAdapter) {
        public static final Wiring TEXT_ONLY = new Wiring(false, Optional.empty());
    }

    public static void convert(ModelConfig config, Checkpoint weights, Wiring wiring, Path out, Precision precision) {
        convert(config, weights, UnetLora.none(), wiring, out, precision);
    }

    /** The UNet with a LoRA's updates fused into its weights. */
    public static void convert(ModelConfig config, Checkpoint weights, UnetLora lora, Wiring wiring, Path out,
                               Precision precision) {
        graph(UnetArchitecture.of(config, "UNet2DConditionModel"), weights, lora, wiring).write(out, true, precision);
    }

    static OnnxGraphBuilder graph(UnetArchitecture a, Checkpoint weights, Wiring wiring) {
        return graph(a, weights, UnetLora.none(), wiring);
    }

    static OnnxGraphBuilder graph(UnetArchitecture a, Checkpoint weights, UnetLora lora, Wiring wiring) {
        CheckpointGraph c = new CheckpointGraph("unet", weights, lora);
        OnnxGraphBuilder g = c.g;
        g.input("sample", FLOAT, "batch_size", a.inChannels(), "height", "width");
        UnetParts.ImagePrompt imagePrompt = null;
        if (wiring.ipAdapter().isPresent()) {
            g.input("ip_tokens", FLOAT, "batch_size", "image_tokens", a.crossAttentionDim());
            g.input("ip_scale", FLOAT);
            imagePrompt = new UnetParts.ImagePrompt("ip_tokens", "ip_scale", new CheckpointGraph(g, wiring.ipAdapter().get()));
        }
        UnetParts unet = new UnetParts(c, a, imagePrompt);
        unet.declareConditioningInputs();
        String emb = unet.timeEmbedding();
        String x = c.conv("sample", "conv_in", a.inChannels(), a.blocks()[0], 3, 1, 1);
        List<UnetParts.Skip> skips = unet.down(x, emb, "encoder_hidden_states");
        // The mid block reads the down path's own output; the residuals change only the skips.
        String downOut = skips.get(skips.size() - 1).value();
        if (wiring.controlNetResiduals()) {
            for (int i = 0; i < skips.size(); i++) {
                String name = "down_block_additional_residual_" + i;
                g.input(name, FLOAT, "batch_size", skips.get(i).channels(), "down_height_" + i, "down_width_" + i);
                skips.set(i, new UnetParts.Skip(g.node("Add", skips.get(i).value(), name), skips.get(i).channels()));
            }
        }
        String mid = unet.mid(downOut, emb, "encoder_hidden_states");
        if (wiring.controlNetResiduals()) {
            g.input("mid_block_additional_residual", FLOAT, "batch_size", a.blocks()[a.levels() - 1], "mid_height", "mid_width");
            mid = g.node("Add", mid, "mid_block_additional_residual");
        }
        x = unet.up(mid, emb, "encoder_hidden_states", skips);
        x = g.silu(c.groupNorm(x, "conv_norm_out", a.blocks()[0], a.groups(), a.eps()));
        x = c.conv(x, "conv_out", a.blocks()[0], a.outChannels(), 3, 1, 1);
        g.identity("out_sample", x);
        g.output("out_sample", FLOAT, "batch_size", a.outChannels(), "height", "width");
        weights.requireAllUsed("UNet2DConditionModel", name -> false);
        lora.requireAllApplied("UNet2DConditionModel");
        wiring.ipAdapter().ifPresent(ip -> ip.requireAllUsed("IP-Adapter", name -> name.startsWith("image_proj.")));
        return g;
    }
}
