package dev.backdrop.diffusion.convert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.backdrop.diffusion.checkpoint.Checkpoint;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLIP image encoder and the IP-Adapter image projection against the reference. */
class ImageEncoderConverterTest {

    @TempDir
    Path dir;

    @Test
    void imageEmbedsMatchTheReference() throws Exception {
        try (ReferenceCase ref = ReferenceCase.of("image-encoder"); Checkpoint weights = ref.weights("model.safetensors")) {
            var graph = ImageEncoderConverter.encoder(ImageEncoderConverter.Architecture.of(ref.config()), weights);
            Map<String, float[]> out = ReferenceCase.run(graph, dir, Map.of("pixel_values", ref.floatInput("pixel_values")));
            ref.assertMatches("image_embeds", out.get("image_embeds"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unet-sd15", "unet-sdxl"})
    void projectedImageTokensMatchTheReference(String name) throws Exception {
        try (ReferenceCase ref = ReferenceCase.of(name); Checkpoint adapter = ref.weights("ip-adapter.safetensors")) {
            int crossDim = UnetArchitecture.of(ref.config(), "UNet2DConditionModel").crossAttentionDim();
            long[] shape = ref.tensor("image_embeds").shape();
            OnnxTensor embeds = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                    FloatBuffer.wrap(ref.tensor("image_embeds").floats()), new long[] {shape[0] * shape[1], shape[2]});
            Map<String, float[]> out = ReferenceCase.run(ImageEncoderConverter.projection(adapter, crossDim), dir,
                    Map.of("image_embeds", embeds));
            ref.assertMatches("ip_tokens", out.get("ip_tokens"));
        }
    }
}
