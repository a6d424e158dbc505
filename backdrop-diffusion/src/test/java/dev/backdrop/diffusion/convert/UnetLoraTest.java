package dev.backdrop.diffusion.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import dev.backdrop.diffusion.checkpoint.SafetensorsWriter;
import dev.backdrop.diffusion.checkpoint.StoredTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused weight, written for the graph, is {@code W + scale · alpha / rank · (up @ down)} for a
 * 3×3 convolution and a (transposed) linear layer; a LoRA file outside the published layout, with
 * layers the UNet does not have, or with factors that do not fit, is refused by name.
 */
class UnetLoraTest {

    @TempDir
    Path dir;

    @Test
    void aConvolutionGetsScaleAlphaOverRankTimesUpDown() throws IOException {
        int out = 3, in = 2, rank = 2, columns = in * 9;
        float[] w = values(out * columns, 0.1f);
        float[] down = values(rank * columns, 0.03f);
        float[] up = values(out * rank, -0.2f);
        Path weights = new SafetensorsWriter().floats("mid_block.resnets.0.conv1.weight", w, out, in, 3, 3)
                .write(dir.resolve("w.safetensors"));
        Path lora = new SafetensorsWriter()
                .halves("lora_unet_mid_block_resnets_0_conv1.lora_down.weight", down, rank, in, 3, 3)
                .halves("lora_unet_mid_block_resnets_0_conv1.lora_up.weight", up, out, rank, 1, 1)
                .halves("lora_unet_mid_block_resnets_0_conv1.alpha", new float[] {3}).write(dir.resolve("lora.safetensors"));
        try (Checkpoint checkpoint = Checkpoint.of(weights); UnetLora adapter = UnetLora.open(lora, 0.5)) {
            StoredTensor weight = checkpoint.require("mid_block.resnets.0.conv1.weight", out, in, 3, 3);
            LowRankUpdate update = adapter.update("mid_block.resnets.0.conv1", weight.shape()).orElseThrow();
            float[] written = written(FusedTensorData.of(weight, update));
            double factor = 0.5 * 3 / rank;
            for (int o = 0; o < out; o++) {
                for (int c = 0; c < columns; c++) {
                    double delta = 0;
                    for (int k = 0; k < rank; k++) {
                        delta += half(up[o * rank + k]) * (double) half(down[k * columns + c]);
                    }
                    assertThat(written[o * columns + c]).isEqualTo((float) (w[o * columns + c] + factor * delta));
                }
            }
            adapter.requireAllApplied("UNet2DConditionModel");
        }
    }

    @Test
    void aLinearLayerWithoutAlphaGetsTheScaleAloneAndIsWrittenTransposed() throws IOException {
        int out = 3, in = 4, rank = 1;
        float[] w = values(out * in, 0.1f);
        float[] down = values(rank * in, 0.5f);
        float[] up = values(out * rank, 0.25f);
        Path weights = new SafetensorsWriter().floats("time_embedding.linear_1.weight", w, out, in)
                .write(dir.resolve("w.safetensors"));
        Path lora = new SafetensorsWriter()
                .floats("lora_unet_time_embedding_linear_1.lora_down.weight", down, rank, in)
                .floats("lora_unet_time_embedding_linear_1.lora_up.weight", up, out, rank).write(dir.resolve("lora.safetensors"));
        try (Checkpoint checkpoint = Checkpoint.of(weights); UnetLora adapter = UnetLora.open(lora, 2)) {
            StoredTensor weight = checkpoint.require("time_embedding.linear_1.weight", out, in);
            LowRankUpdate update = adapter.update("time_embedding.linear_1", weight.shape()).orElseThrow();
            FusedTensorData data = FusedTensorData.transposed(weight, update);
            assertThat(data.shape()).containsExactly(in, out);
            float[] written = written(data);
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    assertThat(written[i * out + o]).isEqualTo((float) (w[o * in + i] + 2.0 * up[o] * (double) down[i]));
                }
            }
        }
    }

    @Test
    void tensorsOutsideTheLayoutAreNamed() throws IOException {
        Path lora = new SafetensorsWriter()
                .floats("lora_te_text_model_encoder_layers_0_mlp_fc1.lora_down.weight", new float[4], 1, 4)
                .floats("unet.conv_in.lora_A.weight", new float[4], 1, 4).write(dir.resolve("lora.safetensors"));
        assertThatThrownBy(() -> UnetLora.open(lora, 1)).isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("lora_te_text_model_encoder_layers_0_mlp_fc1.lora_down.weight")
                .hasMessageContaining("unet.conv_in.lora_A.weight").hasMessageContaining("not supported");
    }

    @Test
    void aDownWithoutItsUpIsRefused() throws IOException {
        Path lora = new SafetensorsWriter().floats("lora_unet_conv_in.lora_down.weight", new float[4], 1, 4)
                .write(dir.resolve("lora.safetensors"));
        assertThatThrownBy(() -> UnetLora.open(lora, 1)).isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("no lora_unet_conv_in.lora_up.weight");
    }

    @Test
    void layersTheUnetDoesNotHaveAreNamed() throws IOException {
        Path lora = new SafetensorsWriter()
                .floats("lora_unet_input_blocks_1_1_proj_in.lora_down.weight", new float[16], 1, 16, 1, 1)
                .floats("lora_unet_input_blocks_1_1_proj_in.lora_up.weight", new float[16], 16, 1, 1, 1)
                .write(dir.resolve("lora.safetensors"));
        assertUnetRefuses(lora, "1 layer(s) that this UNet2DConditionModel does not have",
                "lora_unet_input_blocks_1_1_proj_in");
    }

    @Test
    void factorsThatDoNotFitTheLayerAreRefused() throws IOException {
        // conv_in of unet-sd15 takes 9 channels; this LoRA was made for 4.
        Path lora = new SafetensorsWriter()
                .floats("lora_unet_conv_in.lora_down.weight", new float[2 * 4 * 9], 2, 4, 3, 3)
                .floats("lora_unet_conv_in.lora_up.weight", new float[16 * 2], 16, 2, 1, 1)
                .write(dir.resolve("lora.safetensors"));
        assertUnetRefuses(lora, "lora_unet_conv_in.lora_down.weight",
                "does not fit the layer conv_in (weight [16, 9, 3, 3]; expected [2, 9, 3, 3])");
    }

    /** Building unet-sd15's graph with the LoRA fails with a message holding every part. */
    private static void assertUnetRefuses(Path lora, String... messageParts) {
        try (ReferenceCase ref = ReferenceCase.of("unet-sd15"); Checkpoint weights = ref.weights("model.safetensors");
             UnetLora adapter = UnetLora.open(lora, 1)) {
            UnetArchitecture a = UnetArchitecture.of(ref.config(), "UNet2DConditionModel");
            assertThatThrownBy(() -> UnetConverter.graph(a, weights, adapter, UnetConverter.Wiring.TEXT_ONLY))
                    .isInstanceOf(InvalidCheckpointException.class).hasMessageContainingAll(messageParts);
        }
    }

    private static float[] values(int n, float step) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = step * ((i * 7) % 11 - 5);
        }
        return v;
    }

    /** The value as float16 holds it. */
    private static float half(float v) {
        return ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat(ai.onnxruntime.platform.Fp16Conversions.floatToFp16(v));
    }

    private static float[] written(dev.backdrop.diffusion.graph.TensorData data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        data.writeTo(bytes);
        assertThat((long) bytes.size()).isEqualTo(data.byteSize());
        float[] values = new float[bytes.size() / 4];
        ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
