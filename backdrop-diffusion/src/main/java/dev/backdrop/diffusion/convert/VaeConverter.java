package dev.backdrop.diffusion.convert;

import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.FLOAT;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import dev.backdrop.diffusion.graph.Precision;
import java.nio.file.Path;

/**
 * diffusers' {@code AutoencoderKL} to the two graphs the generator runs: {@code vae_encoder}
 * (image in {@code [-1, 1]} to {@code latent_parameters}, the mean and log-variance that {@code
 * quant_conv} gives) and {@code vae_decoder} ({@code latent_sample}, already divided by the
 * scaling factor, through {@code post_quant_conv} to the image).
 */
public final class VaeConverter {

    private VaeConverter() {
    }

    record Architecture(int inChannels, int outChannels, int latentChannels, int[] blocks, int layersPerBlock,
                        int groups, boolean midAttention, boolean quantConv) {

        static final double EPS = 1e-6;

        static Architecture of(ModelConfig config) {
            String type = config.text("_class_name", "AutoencoderKL");
            if (!type.equals("AutoencoderKL")) {
                throw new InvalidCheckpointException(config.file() + " describes a " + type + ", not an AutoencoderKL");
            }
            int[] blocks = config.has("block_out_channels") ? config.integers("block_out_channels") : new int[] {64};
            for (String key : new String[] {"down_block_types", "up_block_types"}) {
                if (config.has(key)) {
                    for (String t : config.texts(key)) {
                        if (!t.equals("DownEncoderBlock2D") && !t.equals("UpDecoderBlock2D")) {
                            throw new InvalidCheckpointException(config.file() + ": VAE block type " + t + " is not supported");
                        }
                    }
                }
            }
            return new Architecture(config.integer("in_channels", 3), config.integer("out_channels", 3),
                    config.integer("latent_channels", 4), blocks, config.integer("layers_per_block", 1),
                    config.integer("norm_num_groups", 32), config.bool("mid_block_add_attention", true),
                    config.bool("use_quant_conv", true));
        }
    }

    /** Writes {@code encoderOut/model.onnx} and {@code decoderOut/model.onnx} (+ external data). */
    public static void convert(ModelConfig config, Checkpoint weights, Path encoderOut, Path decoderOut,
                               Precision precision) {
        Architecture a = Architecture.of(config);
        OnnxGraphBuilder encoder = encoder(a, weights);
        OnnxGraphBuilder decoder = decoder(a, weights);
        weights.requireAllUsed("AutoencoderKL", name -> false);
        encoder.write(encoderOut, true, precision);
        decoder.write(decoderOut, true, precision);
    }

    static OnnxGraphBuilder encoder(Architecture a, Checkpoint weights) {
        CheckpointGraph c = new CheckpointGraph("vae_encoder", weights);
        DiffusersLayers layers = new DiffusersLayers(c, a.groups(), Architecture.EPS);
        OnnxGraphBuilder g = c.g;
        g.input("sample", FLOAT, "batch_size", a.inChannels(), "height", "width");
        int[] b = a.blocks();
        String x = c.conv("sample", "encoder.conv_in", a.inChannels(), b[0], 3, 1, 1);
        long channels = b[0];
        for (int i = 0; i < b.length; i++) {
            String block = "encoder.down_blocks." + i;
            for (int j = 0; j < a.layersPerBlock(); j++) {
                x = layers.resnet(x, block + ".resnets." + j, channels, b[i], null, 0);
                channels = b[i];
            }
            if (i < b.length - 1) {
                x = layers.downsample(x, block + ".downsamplers.0", channels, true);
            }
        }
        x = midBlock(c, layers, x, "encoder.mid_block", channels, a.midAttention());
        x = g.silu(c.groupNorm(x, "encoder.conv_norm_out", channels, a.groups(), Architecture.EPS));
        int moments = 2 * a.latentChannels();
        x = c.conv(x, "encoder.conv_out", channels, moments, 3, 1, 1);
        if (a.quantConv()) {
            x = c.conv(x, "quant_conv", moments, moments, 1, 1, 0);
        }
        g.identity("latent_parameters", x);
        g.output("latent_parameters", FLOAT, "batch_size", moments, "latent_height", "latent_width");
        return g;
    }

    static OnnxGraphBuilder decoder(Architecture a, Checkpoint weights) {
        CheckpointGraph c = new CheckpointGraph("vae_decoder", weights);
        DiffusersLayers layers = new DiffusersLayers(c, a.groups(), Architecture.EPS);
        OnnxGraphBuilder g = c.g;
        int latent = a.latentChannels();
        g.input("latent_sample", FLOAT, "batch_size", latent, "latent_height", "latent_width");
        String x = "latent_sample";
        if (a.quantConv()) {
            x = c.conv(x, "post_quant_conv", latent, latent, 1, 1, 0);
        }
        int[] b = a.blocks();
        long channels = b[b.length - 1];
        x = c.conv(x, "decoder.conv_in", latent, channels, 3, 1, 1);
        x = midBlock(c, layers, x, "decoder.mid_block", channels, a.midAttention());
        for (int i = 0; i < b.length; i++) {
            String block = "decoder.up_blocks." + i;
            long out = b[b.length - 1 - i];
            for (int j = 0; j < a.layersPerBlock() + 1; j++) {
                x = layers.resnet(x, block + ".resnets." + j, channels, out, null, 0);
                channels = out;
            }
            if (i < b.length - 1) {
                x = layers.upsample(x, block + ".upsamplers.0", channels);
            }
        }
        x = g.silu(c.groupNorm(x, "decoder.conv_norm_out", channels, a.groups(), Architecture.EPS));
        x = c.conv(x, "decoder.conv_out", channels, a.outChannels(), 3, 1, 1);
        g.identity("sample", x);
        g.output("sample", FLOAT, "batch_size", a.outChannels(), "height", "width");
        return g;
    }

    private static String midBlock(CheckpointGraph c, DiffusersLayers layers, String x, String prefix, long channels,
                                   boolean attention) {
        x = layers.resnet(x, prefix + ".resnets.0", channels, channels, null, 0);
        if (attention) {
            x = layers.spatialAttention(x, prefix + ".attentions.0", channels);
        }
        return layers.resnet(x, prefix + ".resnets.1", channels, channels, null, 0);
    }
}
