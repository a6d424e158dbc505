package dev.backdrop.diffusion.convert;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The converted ControlNets against diffusers' ControlNetModel: every residual, already scaled. */
class ControlNetConverterTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"controlnet-sd15", "controlnet-sdxl"})
    void residualsMatchTheReference(String name) throws Exception {
        try (ReferenceCase ref = ReferenceCase.of(name); Checkpoint weights = ref.weights("model.safetensors")) {
            UnetArchitecture a = UnetArchitecture.of(ref.config(), "ControlNetModel");
            Map<String, OnnxTensor> feeds = UnetConverterTest.feeds(ref, a);
            feeds.put("controlnet_cond", ref.floatInput("controlnet_cond"));
            feeds.put("conditioning_scale", ReferenceCase.scalar(ref.tensor("conditioning_scale").floats()[0]));
            Map<String, float[]> out = ReferenceCase.run(ControlNetConverter.graph(ref.config(), weights), dir, feeds);
            int i = 0;
            while (ref.io.tensors().containsKey("down." + i)) {
                ref.assertMatches("down." + i, out.get("down_block_res_sample_" + i));
                i++;
            }
            ref.assertMatches("mid", out.get("mid_block_res_sample"));
        }
    }

    @Test
    void aUnetCheckpointUnderAControlNetConfigIsRefused() {
        try (ReferenceCase controlNet = ReferenceCase.of("controlnet-sd15"); ReferenceCase unet = ReferenceCase.of("unet-sd15");
             Checkpoint weights = unet.weights("model.safetensors")) {
            assertThatThrownBy(() -> ControlNetConverter.graph(controlNet.config(), weights))
                    .isInstanceOf(InvalidCheckpointException.class)
                    .hasMessageContaining("conv_in.weight");
        }
    }
}
