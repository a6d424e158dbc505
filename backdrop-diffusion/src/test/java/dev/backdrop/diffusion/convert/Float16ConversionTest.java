package dev.backdrop.diffusion.convert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import dev.backdrop.diffusion.graph.Precision;
import dev.backdrop.model.FetchProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every converted module written in float16 against the same reference outputs as the float32
 * tests, within float16's precision: weights and activations carry 11 significant bits, so each
 * output stays within a few float16 steps (ε ≈ 9.8e-4) of the reference. ONNX Runtime's CPU runs
 * these graphs by casting the operators it has no float16 kernel for, which checks the graphs'
 * types and wiring; the float16 arithmetic of a GPU is not measured here.
 */
class Float16ConversionTest {

    /** Per tensor: max |float16 graph − reference| ≤ this · max(1, max |reference|). */
    static final double TOLERANCE = 5e-3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"unet-sd15", "unet-sdxl"})
    void unetWithControlNetResidualsAndImageTokens(String name) throws Exception {
        try (ReferenceCase ref = ReferenceCase.of(name); Checkpoint weights = ref.weights("model.safetensors")) {
            UnetArchitecture a = UnetArchitecture.of(ref.config(), "UNet2DConditionModel");
            Map<String, float[]> plain = ReferenceCase.run(UnetConverter.graph(a, weights, UnetConverter.Wiring.TEXT_ONLY),
                    dir.resolve("plain"), UnetConverterTest.feeds(ref, a), Precision.FLOAT16);
            ref.assertMatches("out_plain", plain.get("out_sample"), TOLERANCE);

            Map<String, OnnxTensor> feeds = UnetConverterTest.feeds(ref, a);
            int i = 0;
            while (ref.io.tensors().containsKey("down_block_additional_residuals." + i)) {
                feeds.put("down_block_additional_residual_" + i, ref.floatInput("down_block_additional_residuals." + i));
                i++;
            }
            feeds.put("mid_block_additional_residual", ref.floatInput("mid_block_additional_residual"));
            var controlled = UnetConverter.graph(a, ref.weights("model.safetensors"), new UnetConverter.Wiring(true, Optional.empty()));
            ref.assertMatches("out_controlnet", ReferenceCase.run(controlled, dir.resolve("cn"), feeds, Precision.FLOAT16)
                    .get("out_sample"), TOLERANCE);
        }
    }

    @Test
    void textEncoders() throws Exception {
        try (ReferenceCase ref = ReferenceCase.of("clip-text"); Checkpoint weights = ref.weights("model.safetensors")) {
            var graph = ClipTextConverter.graph(ClipTextConverter.Architecture.of(ref.config()), weights);
            Map<String, float[]> out = ReferenceCase.run(graph, dir.resolve("clip"), Map.of("input_ids", ref.intInput("input_ids")),
                    Precision.FLOAT16);
            for (String name : new String[] {"last_hidden_state", "pooler_output", "hidden_states.2"}) {
                ref.assertMatches(name, out.get(name), TOLERANCE);
            }
        }
        try (ReferenceCase ref = ReferenceCase.of("clip-text-projection"); Checkpoint weights = ref.weights("model.safetensors")) {
            var graph = ClipTextConverter.graph(ClipTextConverter.Architecture.of(ref.config()), weights);
            Map<String, float[]> out = ReferenceCase.run(graph, dir.resolve("clip2"), Map.of("input_ids", ref.intInput("input_ids")),
                    Precision.FLOAT16);
            ref.assertMatches("text_embeds", out.get("text_embeds"), TOLERANCE);
            ref.assertMatches("hidden_states.1", out.get("hidden_states.1"), TOLERANCE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"controlnet-sd15", "controlnet-sdxl"})
    void controlNet(String name) throws Exception {
        try (ReferenceCase ref = ReferenceCase.of(name); Checkpoint weights = ref.weights("model.safetensors")) {
            UnetArchitecture a = UnetArchitecture.of(ref.config(), "ControlNetModel");
            Map<String, OnnxTensor> feeds = UnetConverterTest.feeds(ref, a);
            feeds.put("controlnet_cond", ref.floatInput("controlnet_cond"));
            feeds.put("conditioning_scale", ReferenceCase.scalar(ref.tensor("conditioning_scale").floats()[0]));
            Map<String, float[]> out = ReferenceCase.run(ControlNetConverter.graph(ref.config(), weights), dir, feeds,
                    Precision.FLOAT16);
            ref.assertMatches("down.0", out.get("down_block_res_sample_0"), TOLERANCE);
            ref.assertMatches("mid", out.get("mid_block_res_sample"), TOLERANCE);
        }
    }

    @Test
    void vaeAndImageEncoder() throws Exception {
        try (ReferenceCase ref = ReferenceCase.of("vae"); Checkpoint weights = ref.weights("model.safetensors")) {
            VaeConverter.Architecture a = VaeConverter.Architecture.of(ref.config());
            ref.assertMatches("moments", ReferenceCase.run(VaeConverter.encoder(a, weights), dir.resolve("encoder"),
                    Map.of("sample", ref.floatInput("image")), Precision.FLOAT16).get("latent_parameters"), TOLERANCE);
            ref.assertMatches("decoded", ReferenceCase.run(VaeConverter.decoder(a, weights), dir.resolve("decoder"),
                    Map.of("latent_sample", ref.floatInput("latents")), Precision.FLOAT16).get("sample"), TOLERANCE);
        }
        try (ReferenceCase ref = ReferenceCase.of("image-encoder"); Checkpoint weights = ref.weights("model.safetensors")) {
            var graph = ImageEncoderConverter.encoder(ImageEncoderConverter.Architecture.of(ref.config()), weights);
            ref.assertMatches("image_embeds", ReferenceCase.run(graph, dir.resolve("image"),
                    Map.of("pixel_values", ref.floatInput("pixel_values")), Precision.FLOAT16).get("image_embeds"), TOLERANCE);
        }
    }

    @Test
    void theTimestepSinusoidsStayFloat32AndEveryWeightIsFloat16() {
        try (ReferenceCase ref = ReferenceCase.of("unet-sdxl"); Checkpoint weights = ref.weights("model.safetensors")) {
            UnetArchitecture a = UnetArchitecture.of(ref.config(), "UNet2DConditionModel");
            OnnxGraphBuilder graph = UnetConverter.graph(a, weights, UnetConverter.Wiring.TEXT_ONLY);
            ModelProto model = graph.build(Precision.FLOAT16);
            // Both sinusoids: the timestep's and SDXL's six time ids.
            var sines = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Sin")).toList();
            assertThat(sines).hasSize(2);
            for (NodeProto sin : sines) {
                assertThat(elementType(model, sin.getInput(0))).as("input of %s", sin.getName()).isEqualTo(OnnxGraphBuilder.FLOAT);
            }
            // Every checkpoint weight (named as in the checkpoint) is stored as float16.
            var checkpointWeights = model.getGraph().getInitializerList().stream()
                    .filter(t -> t.getName().endsWith(".weight")).toList();
            assertThat(checkpointWeights).isNotEmpty();
            assertThat(checkpointWeights).extracting(TensorProto::getDataType).containsOnly(OnnxGraphBuilder.FLOAT16);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void upcastAttentionComputesTheScoresInFloat32(boolean upcast) throws Exception {
        try (ReferenceCase ref = ReferenceCase.of("unet-sd15"); Checkpoint weights = ref.weights("model.safetensors")) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode edited = ((ObjectNode) json.readTree(ref.dir.resolve("config.json").toFile())).put("upcast_attention", upcast);
            Path config = Files.writeString(dir.resolve("config.json"), edited.toString());
            UnetArchitecture a = UnetArchitecture.of(ModelConfig.read(config), "UNet2DConditionModel");
            ModelProto model = UnetConverter.graph(a, weights, UnetConverter.Wiring.TEXT_ONLY).build(Precision.FLOAT16);
            var softmaxes = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Softmax")).toList();
            assertThat(softmaxes).isNotEmpty();
            for (NodeProto softmax : softmaxes) {
                assertThat(elementType(model, softmax.getInput(0))).as("input of %s", softmax.getName())
                        .isEqualTo(upcast ? OnnxGraphBuilder.FLOAT : OnnxGraphBuilder.FLOAT16);
            }
            Map<String, float[]> out = ReferenceCase.run(UnetConverter.graph(a, ref.weights("model.safetensors"),
                    UnetConverter.Wiring.TEXT_ONLY), dir.resolve("graph"), UnetConverterTest.feeds(ref, a), Precision.FLOAT16);
            ref.assertMatches("out_plain", out.get("out_sample"), TOLERANCE);
        }
    }

    @Test
    void aConvertedFolderHalvesItsWeightsButKeepsAForceUpcastVaeInFloat32() throws Exception {
        ConversionSources published = TinyDiffusersFolders.sdxl(dir.resolve("published"));
        Path full = PipelineConverter.convert(published, dir.resolve("float32"), FetchProgress.SILENT);
        Path half = PipelineConverter.convert(published.withPrecision(Precision.FLOAT16), dir.resolve("float16"),
                FetchProgress.SILENT);
        for (String role : new String[] {"unet", "text_encoder_2", "controlnet", "image_encoder"}) {
            long fullBytes = Files.size(full.resolve(role + "/model.onnx_data"));
            long halfBytes = Files.size(half.resolve(role + "/model.onnx_data"));
            // Half, or a little less: tensors that fall under the external-data threshold move into model.onnx.
            assertThat((double) halfBytes / fullBytes).as(role).isBetween(0.35, 0.5);
        }
        // The SDXL VAE config asks for force_upcast.
        assertThat(Files.size(half.resolve("vae_decoder/model.onnx_data")))
                .isEqualTo(Files.size(full.resolve("vae_decoder/model.onnx_data")));
        assertThat(Files.readString(half.resolve("conversion.json"))).contains("\"precision\" : \"float16\"");
        // float32 and float16 conversions of the same sources are different conversions.
        assertThat(PipelineConverter.upToDate(published, half)).isFalse();
    }

    private static int elementType(ModelProto model, String value) {
        return model.getGraph().getValueInfoList().stream().filter(v -> v.getName().equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no type recorded for " + value)).getType().getTensorType().getElemType();
    }
}
