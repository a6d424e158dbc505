package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of a diffusers {@code UNet2DConditionModel} or {@code ControlNetModel} as its config
 * describes it, with the reference's defaults. Heads follow the reference's reading: where {@code
 * num_attention_heads} is absent, {@code attention_head_dim} holds the head count (the published
 * SD 1.5 and SDXL configs rely on this). {@code upcast_attention} (SD 2.1) asks for attention
 * scores in float32, which a float16 graph then computes in a float32 island.
 */
record UnetArchitecture(int inChannels, int outChannels, int[] blocks, boolean[] crossAttention, int[] layersPerBlock,
                        int[] transformerDepth, int[] heads, int crossAttentionDim, boolean linearProjection,
                        int groups, double eps, boolean flipSinToCos, int freqShift, boolean textTime,
                        int additionTimeEmbedDim, int additionInputDim, boolean midAttention, boolean upcastAttention) {

    static final List<String> DOWN_TYPES = List.of("CrossAttnDownBlock2D", "DownBlock2D");
    static final List<String> UP_TYPES = List.of("CrossAttnUpBlock2D", "UpBlock2D");

    int timeEmbedDim() {
        return blocks[0] * 4;
    }

    int levels() {
        return blocks.length;
    }

    static UnetArchitecture of(ModelConfig config, String expectedClass) {
        String type = config.text("_class_name", expectedClass);
        if (!type.equals(expectedClass)) {
            throw new InvalidCheckpointException(config.file() + " describes a " + type + ", not a " + expectedClass);
        }
        int[] blocks = config.has("block_out_channels") ? config.integers("block_out_channels") : new int[] {320, 640, 1280, 1280};
        int n = blocks.length;
        String[] down = config.has("down_block_types") ? config.texts("down_block_types")
                : new String[] {"CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"};
        if (down.length != n) {
            throw new InvalidCheckpointException(config.file() + ": " + down.length + " down_block_types for " + n + " block_out_channels");
        }
        boolean[] cross = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!DOWN_TYPES.contains(down[i])) {
                throw new InvalidCheckpointException(config.file() + ": down block type " + down[i] + " is not supported (" + DOWN_TYPES + ")");
            }
            cross[i] = down[i].equals("CrossAttnDownBlock2D");
        }
        if (config.has("up_block_types")) {
            String[] up = config.texts("up_block_types");
            for (int i = 0; i < up.length; i++) {
                boolean upCross = up[i].equals("CrossAttnUpBlock2D");
                if (!UP_TYPES.contains(up[i]) || up.length != n || upCross != cross[n - 1 - i]) {
                    throw new InvalidCheckpointException(config.file() + ": up_block_types " + Arrays.toString(up)
                            + " do not mirror down_block_types " + Arrays.toString(down));
                }
            }
        }
        String mid = config.text("mid_block_type", "UNetMidBlock2DCrossAttn");
        if (!mid.equals("UNetMidBlock2DCrossAttn")) {
            throw new InvalidCheckpointException(config.file() + ": mid block type " + mid + " is not supported");
        }
        for (String unsupported : new String[] {"class_embed_type", "encoder_hid_dim", "time_cond_proj_dim"}) {
            if (config.has(unsupported)) {
                throw new InvalidCheckpointException(config.file() + ": \"" + unsupported + "\" is not supported");
            }
        }
        if (config.bool("only_cross_attention", false) || config.bool("dual_cross_attention", false)
                || !config.text("resnet_time_scale_shift", "default").equals("default")
                || !config.text("time_embedding_type", "positional").equals("positional")
                || !config.text("act_fn", "silu").equals("silu")) {
            throw new InvalidCheckpointException(config.file() + " asks for an attention, time embedding or activation"
                    + " variant that the converter does not support");
        }
        String addition = config.text("addition_embed_type", null);
        if (addition != null && !addition.equals("text_time")) {
            throw new InvalidCheckpointException(config.file() + ": addition_embed_type " + addition + " is not supported");
        }
        int[] heads = config.has("num_attention_heads") ? config.integers("num_attention_heads", n, 8)
                : config.integers("attention_head_dim", n, 8);
        int crossDim = config.has("cross_attention_dim") && config.json().get("cross_attention_dim").isArray()
                ? config.integers("cross_attention_dim")[0] : config.integer("cross_attention_dim", 1280);
        return new UnetArchitecture(config.integer("in_channels", 4), config.integer("out_channels", 4), blocks, cross,
                config.integers("layers_per_block", n, 2), config.integers("transformer_layers_per_block", n, 1), heads,
                crossDim, config.bool("use_linear_projection", false), config.integer("norm_num_groups", 32),
                config.number("norm_eps", 1e-5), config.bool("flip_sin_to_cos", true), config.integer("freq_shift", 0),
                addition != null, config.integer("addition_time_embed_dim", 256),
                config.integer("projection_class_embeddings_input_dim", 0), true, config.bool("upcast_attention", false));
    }
}
