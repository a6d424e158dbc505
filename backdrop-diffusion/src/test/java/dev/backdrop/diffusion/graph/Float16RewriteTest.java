package dev.backdrop.diffusion.graph;

import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.FLOAT;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.FLOAT16;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.INT64;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.intAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graphs written in {@link Precision#FLOAT16}: types, casts and float32 islands, run by ONNX Runtime. */
class Float16RewriteTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    Path dir;

    @Test
    void weightsAreStoredInFloat16WhileInputsAndOutputsStayFloat32() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("linear", 7);
        g.input("x", FLOAT, 1, 64);
        g.nodeTo("y", "Add", List.of(g.matmul("x", 64, 32, 1f), g.weight(0.1f, 32)));
        g.output("y", FLOAT, 1, 32);
        ModelProto half = g.build(Precision.FLOAT16);

        assertThat(half.getGraph().getInitializerList()).extracting(TensorProto::getDataType).containsOnly(FLOAT16);
        assertThat(half.getGraph().getInitializer(0).getRawData().size()).isEqualTo(64 * 32 * 2);
        assertThat(half.getGraph().getOutput(0).getType().getTensorType().getElemType()).isEqualTo(FLOAT);

        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        float[] full = run(g, Precision.FLOAT32, Map.of("x", floats(x, 1, 64)));
        float[] reduced = run(g, Precision.FLOAT16, Map.of("x", floats(x, 1, 64)));
        double maxDiff = 0;
        for (int i = 0; i < full.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(full[i] - reduced[i]));
        }
        // Rounded to float16's 11 significant bits, but not off by more than a few of its steps.
        assertThat(maxDiff).isGreaterThan(0).isLessThan(1e-2);
    }

    @Test
    void aFloat32IslandComputesFromTheUnroundedInput() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("sinusoid", 1);
        g.input("t", FLOAT, 1);
        // 999.3 is 999.5 in float16: the sine of the two differs by 0.19.
        String sin = g.inFloat32(() -> g.node("Sin", g.node("Mul", "t", g.scalar(1f))));
        g.nodeTo("y", "Mul", List.of(sin, g.scalar(1f)));
        g.output("y", FLOAT, 1);
        float[] y = run(g, Precision.FLOAT16, Map.of("t", floats(new float[] {999.3f}, 1)));
        assertThat((double) y[0]).isCloseTo(Math.sin(999.3f), org.assertj.core.data.Offset.offset(2e-3));

        ModelProto model = g.build(Precision.FLOAT16);
        NodeProto sinNode = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Sin")).findFirst()
                .orElseThrow();
        assertThat(typeOf(model, sinNode.getOutput(0))).isEqualTo(FLOAT);
        // The island's constant stays float32; the float16 node after it reads a cast of the sine.
        assertThat(model.getGraph().getInitializerList()).extracting(TensorProto::getDataType).contains(FLOAT, FLOAT16);
    }

    @Test
    void castsToFloatBecomeCastsToFloat16AndIntegerPathsAreLeftAlone() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("ids", 3);
        g.input("ids", INT64, 1, 5);
        String scores = g.node("Cast", List.of("ids"), intAttribute("to", FLOAT));
        String position = g.node("ArgMax", List.of(scores), intAttribute("axis", 1), intAttribute("keepdims", 0));
        g.nodeTo("position", "Identity", List.of(position));
        g.nodeTo("scaled", "Mul", List.of(scores, g.scalar(0.5f)));
        g.output("position", INT64, 1);
        g.output("scaled", FLOAT, 1, 5);
        ModelProto model = g.build(Precision.FLOAT16);
        NodeProto cast = model.getGraph().getNode(0);
        assertThat(cast.getAttribute(0).getI()).isEqualTo(FLOAT16);
        assertThat(typeOf(model, position)).isEqualTo(INT64);

        g.write(dir, false, Precision.FLOAT16);
        try (OrtSession session = ENV.createSession(dir.resolve("model.onnx").toString());
             OnnxTensor ids = OnnxTensor.createTensor(ENV, LongBuffer.wrap(new long[] {3, 9, 2, 9, 1}), new long[] {1, 5});
             OrtSession.Result result = session.run(Map.of("ids", ids))) {
            assertThat(((long[]) result.get("position").orElseThrow().getValue())[0]).isEqualTo(1);
            float[][] scaled = (float[][]) result.get("scaled").orElseThrow().getValue();
            assertThat(scaled[0]).containsExactly(1.5f, 4.5f, 1f, 4.5f, 0.5f);
        }
    }

    @Test
    void resizeKeepsItsScalesInFloat32() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("upsample", 5);
        g.input("x", FLOAT, 1, 1, 2, 2);
        g.nodeTo("y", "Mul", List.of(g.nearestUpsample2("x"), g.scalar(2f)));
        g.output("y", FLOAT, 1, 1, 4, 4);
        float[] y = run(g, Precision.FLOAT16, Map.of("x", floats(new float[] {1, 2, 3, 4}, 1, 1, 2, 2)));
        assertThat(y).containsExactly(2, 2, 4, 4, 2, 2, 4, 4, 6, 6, 8, 8, 6, 6, 8, 8);
    }

    @Test
    void float16ValuesSaturateAndStreamInAnyPieces() throws Exception {
        float[] values = {1f, -Float.MAX_VALUE, 70000f, 0.1f, Float.NEGATIVE_INFINITY, -0f, 65504f};
        TensorData half = new Float16Values(TensorData.floats(values, values.length));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        half.writeTo(whole);
        byte[] b = whole.toByteArray();
        assertThat(b).hasSize(14);
        short[] bits = new short[7];
        for (int i = 0; i < 7; i++) {
            bits[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] & 0xff) << 8);
        }
        assertThat(bits).containsExactly((short) 0x3C00, (short) 0xFBFF, (short) 0x7BFF, (short) 0x2E66, (short) 0xFC00,
                (short) 0x8000, (short) 0x7BFF);

        // The same bytes when the float32 source arrives three bytes at a time.
        TensorData trickled = new Float16Values(new TensorData.Raw(FLOAT, new long[] {7}, 28, out -> {
            ByteArrayOutputStream src = new ByteArrayOutputStream();
            TensorData.floats(values, 7).writeTo(src);
            byte[] all = src.toByteArray();
            for (int i = 0; i < all.length; i += 3) {
                out.write(all, i, Math.min(3, all.length - i));
            }
        }));
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        trickled.writeTo(pieces);
        assertThat(pieces.toByteArray()).containsExactly(b);
    }

    private float[] run(OnnxGraphBuilder g, Precision precision, Map<String, OnnxTensor> feeds) throws Exception {
        Path folder = dir.resolve(precision.label() + System.nanoTime());
        g.write(folder, true, precision);
        try (OrtSession session = ENV.createSession(folder.resolve("model.onnx").toString());
             OrtSession.Result result = session.run(feeds)) {
            FloatBuffer b = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor floats(float[] values, long... shape) throws Exception {
        return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape);
    }

    private static int typeOf(ModelProto model, String value) {
        return model.getGraph().getValueInfoList().stream().filter(v -> v.getName().equals(value)).findFirst()
                .map(ValueInfoProto::getType).orElseThrow(() -> new AssertionError("no value_info for " + value))
                .getTensorType().getElemType();
    }
}
