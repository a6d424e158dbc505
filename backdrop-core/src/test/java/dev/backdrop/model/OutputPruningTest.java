package dev.backdrop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.segment.ModelProfile;
import dev.backdrop.segment.OnnxSegmenter;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPruningTest {

    @TempDir
    Path dir;

    /** x → a → (out0); a → b(w) → (out1); c reads nothing the first output needs. */
    private static GraphProto twoOutputs() {
        return GraphProto.newBuilder()
                .addInput(ValueInfoProto.newBuilder().setName("x"))
                .addNode(node("Relu", "a", "x"))
                .addNode(node("Mul", "b", "a", "w"))
                .addNode(node("Sigmoid", "out1", "b"))
                .addNode(node("Neg", "out0", "a"))
                .addNode(node("Abs", "c", "x"))
                .addInitializer(TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(2))
                .addValueInfo(ValueInfoProto.newBuilder().setName("a"))
                .addValueInfo(ValueInfoProto.newBuilder().setName("b"))
                .addOutput(ValueInfoProto.newBuilder().setName("out0"))
                .addOutput(ValueInfoProto.newBuilder().setName("out1"))
                .build();
    }

    private static NodeProto node(String op, String output, String... inputs) {
        return NodeProto.newBuilder().setOpType(op).setName(op + "_" + output).addOutput(output)
                .addAllInput(List.of(inputs)).build();
    }

    @Test
    void keepsTheOutputItsNodesAndNothingElse() {
        GraphProto pruned = OutputPruning.keepOutput(twoOutputs(), 0);

        assertThat(pruned.getOutputList()).extracting(ValueInfoProto::getName).containsExactly("out0");
        assertThat(pruned.getNodeList()).extracting(NodeProto::getOpType).containsExactly("Relu", "Neg");
        assertThat(pruned.getInitializerList()).isEmpty();
        assertThat(pruned.getValueInfoList()).extracting(ValueInfoProto::getName).containsExactly("a");
        assertThat(pruned.getInputList()).extracting(ValueInfoProto::getName).containsExactly("x");
    }

    @Test
    void keepsTheInitializersTheKeptBranchReads() {
        GraphProto pruned = OutputPruning.keepOutput(twoOutputs(), 1);

        assertThat(pruned.getNodeList()).extracting(NodeProto::getOpType).containsExactly("Relu", "Mul", "Sigmoid");
        assertThat(pruned.getInitializerList()).extracting(TensorProto::getName).containsExactly("w");
    }

    @Test
    void refusesAnOutputTheGraphDoesNotHave() {
        assertThatThrownBy(() -> OutputPruning.keepOutput(twoOutputs(), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 outputs");
    }

    @Test
    void theMaskGraphOfIsnetFp16GivesTheFloat32GraphsMaskBitForBit() throws IOException {
        ModelCache cache = cacheWith(ModelId.ISNET_FP16);
        Path derived = cache.requireMaskGraph(ModelId.ISNET_FP16, new NpmModelFetcher("/nonexistent/npm"), FetchProgress.SILENT);
        ModelProto published = ModelProto.parseFrom(Files.readAllBytes(cache.pathOf(ModelId.ISNET_FP16)));
        assertThat(published.getGraph().getOutputCount()).isEqualTo(12);
        GraphProto graph = ModelProto.parseFrom(Files.readAllBytes(derived)).getGraph();
        assertThat(graph.getOutputCount()).isEqualTo(1);
        // Every decoder step's concatenation is gone, each convolution after one split in two.
        Set<String> concatenated = graph.getNodeList().stream().filter(n -> n.getOpType().equals("Concat"))
                .map(n -> n.getOutput(0)).collect(Collectors.toSet());
        assertThat(graph.getNodeList()).filteredOn(n -> n.getOpType().equals("Conv"))
                .hasSize(114 + 50).noneMatch(n -> concatenated.contains(n.getInput(0)));

        // The whole graph in float32, every side output included: what earlier versions ran.
        Path whole = dir.resolve("whole-fp32.onnx");
        Files.write(whole, published.toBuilder().setGraph(Float16Upcast.graph(published.getGraph())).build().toByteArray());
        assertThat(maskOf(derived)).containsExactly(maskOf(whole));
    }

    @Test
    void theMaskGraphOfIsnetQuint8GivesThePublishedFilesMaskBitForBit() throws IOException {
        ModelCache cache = cacheWith(ModelId.ISNET_QUINT8);
        Path derived = cache.requireMaskGraph(ModelId.ISNET_QUINT8, new NpmModelFetcher("/nonexistent/npm"), FetchProgress.SILENT);

        assertThat(maskOf(derived)).containsExactly(maskOf(cache.pathOf(ModelId.ISNET_QUINT8)));
    }

    @Test
    void aDamagedDerivedFileIsMadeAgainAndTheOldFloat32FileIsRemoved() throws IOException {
        ModelCache cache = cacheWith(ModelId.ISNET_FP16);
        Path superseded = dir.resolve("isnet-fp16.fp32.onnx");
        Files.writeString(superseded, "an earlier version's derived file");
        NpmModelFetcher noNpm = new NpmModelFetcher("/nonexistent/npm");
        Path derived = cache.requireMaskGraph(ModelId.ISNET_FP16, noNpm, FetchProgress.SILENT);
        assertThat(Files.size(derived)).isGreaterThan(ModelId.ISNET_FP16.size() * 19 / 10);
        assertThat(superseded).doesNotExist();
        String good = Sha256.of(derived);

        byte[] bytes = Files.readAllBytes(derived);
        bytes[bytes.length / 3] ^= 1;
        Files.write(derived, bytes);
        Path again = cache.requireMaskGraph(ModelId.ISNET_FP16, noNpm, FetchProgress.SILENT);
        assertThat(Sha256.of(again)).isEqualTo(good);
    }

    @Test
    void aFileDerivedByAnEarlierRecipeIsMadeAgain() throws IOException {
        ModelCache cache = cacheWith(ModelId.ISNET_FP16);
        NpmModelFetcher noNpm = new NpmModelFetcher("/nonexistent/npm");
        Path derived = cache.requireMaskGraph(ModelId.ISNET_FP16, noNpm, FetchProgress.SILENT);
        String current = Sha256.of(derived);
        // What an earlier version recorded beside the file it made: the sha256 alone.
        Path recorded = dir.resolve("isnet-fp16.mask.onnx.sha256");
        Files.writeString(derived, "an earlier version's derived graph");
        Files.writeString(recorded, Sha256.of(derived));

        Path again = cache.requireMaskGraph(ModelId.ISNET_FP16, noNpm, FetchProgress.SILENT);

        assertThat(Sha256.of(again)).isEqualTo(current);
        assertThat(Files.readString(recorded)).isEqualTo(current + " " + ModelCache.MASK_GRAPH_RECIPE);
    }

    private ModelCache cacheWith(ModelId model) throws IOException {
        ModelCache cache = new ModelCache(dir);
        Files.copy(TestModels.path(model), cache.pathOf(model));
        return cache;
    }

    private static float[] maskOf(Path model) {
        RgbImage photo = TestPhotos.load("coffee.png");
        try (OnnxSegmenter segmenter = new OnnxSegmenter(ModelProfile.isnet(model.getFileName().toString(), model), 2)) {
            Mask mask = segmenter.segment(photo);
            return mask.alpha();
        }
    }
}
