package dev.backdrop.diffusion.convert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.backdrop.diffusion.checkpoint.Checkpoint;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The converted UNets (SD 1.5- and SDXL-inpainting-shaped) against diffusers' UNet2DConditionModel
 * on the same tiny checkpoints: plain, with ControlNet residuals, with an IP-Adapter in the
 * published layout at scale 0 (exactly the plain output) and 0.6, and (SD 1.5) with a LoRA in the
 * published LCM-LoRA layout fused at scale 1 and 0.5.
 */
class UnetConverterTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"unet-sd15", "unet-sdxl"})
    void plainUnetMatchesTheReference(String name) throws Exception {
        try (ReferenceCase ref = ReferenceCase.of(name); Checkpoint weights = ref.weights("model.safetensors")) {
            UnetArchitecture a = UnetArchitecture.of(ref.config(), "UNet2DConditionModel");
            Map<String, float[]> out = ReferenceCase.run(UnetConverter.graph(a, weights, UnetConverter.Wiring.TEXT_ONLY),
                    dir, feeds(ref, a));
            ref.assertMatches("out_plain", out.get("out_sample"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unet-sd15", "unet-sdxl"})
    void controlNetResidualsAreAddedAsTheReferenceAddsThem(String name) throws Exception {
        try (ReferenceCase ref = ReferenceCase.of(name); Checkpoint weights = ref.weights("model.safetensors")) {
            UnetArchitecture a = UnetArchitecture.of(ref.config(), "UNet2DConditionModel");
            Map<String, OnnxTensor> feeds = feeds(ref, a);
            int i = 0;
            while (ref.io.tensors().containsKey("down_block_additional_residuals." + i)) {
                feeds.put("down_block_additional_residual_" + i, ref.floatInput("down_block_additional_residuals." + i));
                i++;
            }
            feeds.put("mid_block_additional_residual", ref.floatInput("mid_block_additional_residual"));
            var graph = UnetConverter.graph(a, weights, new UnetConverter.Wiring(true, Optional.empty()));
            ref.assertMatches("out_controlnet", ReferenceCase.run(graph, dir, feeds).get("out_sample"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unet-sd15", "unet-sdxl"})
    void ipAdapterAttendsToImageTokensWithItsOwnKeysAndScale(String name) throws Exception {
        try (ReferenceCase ref = ReferenceCase.of(name); Checkpoint weights = ref.weights("model.safetensors");
             Checkpoint ip = ref.weights("ip-adapter.safetensors")) {
            UnetArchitecture a = UnetArchitecture.of(ref.config(), "UNet2DConditionModel");
            var graph = UnetConverter.graph(a, weights, new UnetConverter.Wiring(false, Optional.of(ip)));
            float[] tokens = ref.tensor("ip_tokens").floats();
            long[] shape = ref.tensor("ip_tokens").shape();
            long[] flat = {shape[0], shape[1] * shape[2], shape[3]};
            float[] off = null;
            for (float scale : new float[] {0f, 0.6f}) {
                Map<String, OnnxTensor> feeds = feeds(ref, a);
                feeds.put("ip_tokens", OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(tokens), flat));
                feeds.put("ip_scale", ReferenceCase.scalar(scale));
                float[] out = ReferenceCase.run(graph, dir.resolve("s" + scale), feeds).get("out_sample");
                ref.assertMatches(scale == 0f ? "out_ip_0" : "out_ip_06", out);
                if (scale == 0f) {
                    off = out;
                }
            }
            // Scale 0 switches the image off exactly: the plain UNet's output, bit for bit.
            Map<String, float[]> plain = ReferenceCase.run(UnetConverter.graph(a, ref.weights("model.safetensors"),
                    UnetConverter.Wiring.TEXT_ONLY), dir.resolve("plain"), feeds(ref, a));
            assertThat(off).containsExactly(plain.get("out_sample"));
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0, out_lora", "0.5, out_lora_05"})
    void fusedLoraMatchesDiffusersFuseLora(double scale, String output) throws Exception {
        try (ReferenceCase base = ReferenceCase.of("unet-sd15"); ReferenceCase ref = ReferenceCase.of("lora-sd15");
             Checkpoint weights = base.weights("model.safetensors");
             UnetLora lora = UnetLora.open(ref.dir.resolve("pytorch_lora_weights.safetensors"), scale)) {
            UnetArchitecture a = UnetArchitecture.of(base.config(), "UNet2DConditionModel");
            var graph = UnetConverter.graph(a, weights, lora, UnetConverter.Wiring.TEXT_ONLY);
            ref.assertMatches(output, ReferenceCase.run(graph, dir, feeds(ref, a)).get("out_sample"));
        }
    }

    static Map<String, OnnxTensor> feeds(ReferenceCase ref, UnetArchitecture a) throws Exception {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        feeds.put("sample", ref.floatInput("sample"));
        int batch = (int) ref.tensor("sample").shape()[0];
        float t = ref.tensor("timestep").dtype().readableAsFloat() ? ref.tensor("timestep").floats()[0]
                : ref.tensor("timestep").longs()[0];
        float[] timesteps = new float[batch];
        java.util.Arrays.fill(timesteps, t);
        feeds.put("timestep", OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(timesteps),
                new long[] {batch}));
        feeds.put("encoder_hidden_states", ref.floatInput("encoder_hidden_states"));
        if (a.textTime()) {
            feeds.put("text_embeds", ref.floatInput("text_embeds"));
            feeds.put("time_ids", ref.floatInput("time_ids"));
        }
        return feeds;
    }
}
