package dev.backdrop.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.onnx.OnnxEnvironment;
import dev.backdrop.testing.TestGraphs;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split graph against the graph it came from, both run by ONNX Runtime on the same input. */
class ConcatConvolutionSplitTest {

    private static final int SIDE = 12;

    @TempDir
    Path dir;

    @Test
    void aConvolutionOverTwoPartsBecomesTwoConvolutionsSummedWithTheSameResult() throws Exception {
        GraphProto graph = decoderStep(List.of(16, 32), 1, false);

        GraphProto split = ConcatConvolutionSplit.graph(graph);

        assertThat(split.getNodeList()).extracting(NodeProto::getOpType)
                .containsExactly("Conv", "Relu", "Conv", "Relu", "Conv", "Conv", "Add", "Relu");
        assertThat(split.getInitializerList()).extracting(TensorProto::getName)
                .containsExactlyInAnyOrder("w0", "w1", "b", "wout/part0", "wout/part1");
        assertThat(split.getInitializerList()).filteredOn(t -> t.getName().startsWith("wout/part"))
                .extracting(t -> t.getDimsList()).containsExactly(List.of(24L, 16L, 3L, 3L), List.of(24L, 32L, 3L, 3L));
        assertSameOutput(graph, split);
    }

    @Test
    void threePartsAreSummedInTheirOrder() throws Exception {
        GraphProto graph = decoderStep(List.of(16, 8, 32), 1, false);

        GraphProto split = ConcatConvolutionSplit.graph(graph);

        assertThat(split.getNodeList()).extracting(NodeProto::getOpType).doesNotContain("Concat")
                .filteredOn("Add"::equals).hasSize(2);
        assertSameOutput(graph, split);
    }

    @Test
    void whatCannotBeSplitSafelyIsLeftAsItIs() {
        // Grouped: each group reads its own channels, not a sum over all of them.
        GraphProto grouped = decoderStep(List.of(16, 16), 2, false);
        assertThat(ConcatConvolutionSplit.graph(grouped)).isEqualTo(grouped);
        // The concatenation is an output of the graph as well: it has to be made anyway.
        GraphProto readTwice = decoderStep(List.of(16, 32), 1, true);
        assertThat(ConcatConvolutionSplit.graph(readTwice)).isEqualTo(readTwice);
        // A part whose channels the graph does not say (the input itself).
        GraphProto unknown = decoderStep(List.of(16, 32), 1, false).toBuilder()
                .setNode(4, concatOf("x", "r1")).build();
        assertThat(ConcatConvolutionSplit.graph(unknown)).isEqualTo(unknown);
    }

    /**
     * x (1×4×12×12) → one 3×3 convolution and Relu per part → Concat → 3×3 convolution to 24
     * channels with bias → Relu: the shape of ISNet's decoder steps, random weights.
     */
    private static GraphProto decoderStep(List<Integer> parts, int group, boolean concatIsAnOutput) {
        Random random = new Random(17);
        GraphProto.Builder g = GraphProto.newBuilder().setName("decoder-step")
                .addInput(TestGraphs.floats("x", 1, 4, SIDE, SIDE))
                .addOutput(TestGraphs.floats("y", 1, 24, SIDE, SIDE));
        String[] relus = new String[parts.size()];
        int channels = 0;
        for (int i = 0; i < parts.size(); i++) {
            g.addInitializer(floats("w" + i, random, parts.get(i), 4, 3, 3));
            g.addNode(conv("x", "w" + i, null, "c" + i, 1));
            g.addNode(NodeProto.newBuilder().setOpType("Relu").setName("relu" + i).addInput("c" + i).addOutput("r" + i));
            relus[i] = "r" + i;
            channels += parts.get(i);
        }
        g.addNode(concatOf(relus));
        g.addInitializer(floats("wout", random, 24, channels / group, 3, 3));
        g.addInitializer(floats("b", random, 24));
        g.addNode(conv("cat", "wout", "b", "out", group));
        g.addNode(NodeProto.newBuilder().setOpType("Relu").setName("relu-out").addInput("out").addOutput("y"));
        if (concatIsAnOutput) {
            g.addOutput(TestGraphs.floats("cat", 1, channels, SIDE, SIDE));
        }
        return g.build();
    }

    private static NodeProto concatOf(String... inputs) {
        return NodeProto.newBuilder().setOpType("Concat").setName("concat").addAllInput(List.of(inputs)).addOutput("cat")
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1))
                .build();
    }

    private static NodeProto conv(String input, String weights, String bias, String output, int group) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("Conv").setName("conv-" + output)
                .addInput(input).addInput(weights).addOutput(output)
                .addAttribute(AttributeProto.newBuilder().setName("pads").setType(AttributeProto.AttributeType.INTS)
                        .addAllInts(List.of(1L, 1L, 1L, 1L)))
                .addAttribute(AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.INT).setI(group));
        if (bias != null) {
            node.addInput(bias);
        }
        return node.build();
    }

    private static TensorProto floats(String name, Random random, long... dims) {
        float[] values = new float[(int) Arrays.stream(dims).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 0.2f;
        }
        return TestGraphs.tensor(name, values, dims);
    }

    private void assertSameOutput(GraphProto graph, GraphProto split) throws OrtException {
        float[] input = new float[4 * SIDE * SIDE];
        Random random = new Random(5);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        float[] expected = run(TestGraphs.write(dir.resolve("graph.onnx"), graph), input);
        float[] actual = run(TestGraphs.write(dir.resolve("split.onnx"), split), input);
        // Not a trivial output: the final Relu lets through a good share of the values.
        assertThat(IntStream.range(0, expected.length).filter(i -> expected[i] > 0).count()).as("outputs above zero")
                .isGreaterThan(expected.length / 10);
        assertThat(actual).containsExactly(expected, Offset.offset(1e-5f));
    }

    private static float[] run(Path model, float[] input) throws OrtException {
        OrtEnvironment environment = OnnxEnvironment.get();
        try (OrtSession.SessionOptions options = ExecutionSettings.cpu(1).sessionOptions();
             OrtSession session = environment.createSession(model.toString(), options);
             OnnxTensor x = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), new long[] {1, 4, SIDE, SIDE});
             OrtSession.Result result = session.run(Map.of("x", x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }
}
