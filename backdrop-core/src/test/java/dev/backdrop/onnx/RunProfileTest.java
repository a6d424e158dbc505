package dev.backdrop.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.backdrop.testing.TestGraphs;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime's profile of a real run of a graph whose arithmetic is known. */
class RunProfileTest {

    private static final int CHANNELS = 16;
    private static final int SIDE = 32;

    @Test
    void countsTheLastRunsOperatorsAndTheArithmeticOfItsConvolution(@TempDir Path dir) throws Exception {
        Path model = convolutionThenSigmoid(dir.resolve("conv.onnx"));
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Path file;
        try (OrtSession.SessionOptions options = ExecutionSettings.cpu(1).sessionOptions()) {
            options.enableProfiling(dir.resolve("profile").toString());
            try (OrtSession session = environment.createSession(model.toString(), options);
                 OnnxTensor input = OnnxTensor.createTensor(environment,
                         FloatBuffer.wrap(new float[CHANNELS * SIDE * SIDE]), new long[] {1, CHANNELS, SIDE, SIDE})) {
                for (int i = 0; i < 3; i++) {
                    session.run(Map.of("x", input)).close();
                }
                file = Path.of(session.endProfiling());
            }
        }

        RunProfile run = RunProfile.lastRun(file);

        // One convolution node, of the last run, not three: the earlier runs are left out.
        assertThat(run.operators().entrySet()).filteredOn(e -> e.getKey().endsWith("Conv"))
                .singleElement().satisfies(e -> assertThat(e.getValue().nodes()).isEqualTo(1));
        assertThat(run.convolutionFlops()).isEqualTo(2.0 * CHANNELS * CHANNELS * 3 * 3 * SIDE * SIDE);
        assertThat(run.runMs()).isPositive().isGreaterThanOrEqualTo(run.operatorsMs());
        assertThat(run.convolutionGflops()).isPositive()
                .isEqualTo(run.convolutionFlops() / run.convolutionMs() / 1e6);
    }

    @Test
    void aProfileWithoutARunIsRefusedWithWhatToDo(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.json"), "[{\"cat\":\"Session\",\"name\":\"model_loading_uri\",\"ts\":1,\"dur\":5}]");

        assertThatThrownBy(() -> RunProfile.lastRun(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no run");
        assertThatThrownBy(() -> RunProfile.lastRun(dir.resolve("missing.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read ONNX Runtime's profile");
    }

    /** x (1×16×32×32) → 3×3 convolution, 16 to 16 channels, padded to keep the size → sigmoid. */
    private static Path convolutionThenSigmoid(Path file) {
        float[] weights = new float[CHANNELS * CHANNELS * 9];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (i % 7 - 3) / 10f;
        }
        GraphProto graph = GraphProto.newBuilder()
                .setName("conv-sigmoid")
                .addInput(TestGraphs.floats("x", 1, CHANNELS, SIDE, SIDE))
                .addInitializer(TestGraphs.tensor("w", weights, CHANNELS, CHANNELS, 3, 3))
                .addNode(NodeProto.newBuilder().setOpType("Conv").addInput("x").addInput("w").addOutput("y")
                        .addAttribute(AttributeProto.newBuilder().setName("pads")
                                .setType(AttributeProto.AttributeType.INTS)
                                .addInts(1).addInts(1).addInts(1).addInts(1)))
                .addNode(NodeProto.newBuilder().setOpType("Sigmoid").addInput("y").addOutput("z"))
                .addOutput(TestGraphs.floats("z", 1, CHANNELS, SIDE, SIDE))
                .build();
        return TestGraphs.write(file, graph);
    }
}
