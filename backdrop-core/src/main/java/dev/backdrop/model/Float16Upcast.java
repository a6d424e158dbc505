package dev.backdrop.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Rewrites a float16 ONNX model to float32: initializers, constants, casts and value types. The
 * graph is otherwise unchanged and the weights are the same numbers; on CPUs without native
 * float16 arithmetic the float32 graph runs faster, because ONNX Runtime otherwise inserts casts
 * around most kernels.
 */
public final class Float16Upcast {

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    private static final int FLOAT16 = TensorProto.DataType.FLOAT16_VALUE;

    private Float16Upcast() {
    }

    /** The same graph with float16 initializers, constants, casts and value types in float32. */
    public static GraphProto graph(GraphProto graph) {
        GraphProto.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getInitializerCount(); i++) {
            b.setInitializer(i, tensor(b.getInitializer(i)));
        }
        for (int i = 0; i < b.getNodeCount(); i++) {
            b.setNode(i, node(b.getNode(i)));
        }
        for (int i = 0; i < b.getInputCount(); i++) {
            b.setInput(i, value(b.getInput(i)));
        }
        for (int i = 0; i < b.getOutputCount(); i++) {
            b.setOutput(i, value(b.getOutput(i)));
        }
        for (int i = 0; i < b.getValueInfoCount(); i++) {
            b.setValueInfo(i, value(b.getValueInfo(i)));
        }
        return b.build();
    }

    private static NodeProto node(NodeProto node) {
        NodeProto.Builder b = node.toBuilder();
        for (int i = 0; i < b.getAttributeCount(); i++) {
            AttributeProto a = b.getAttribute(i);
            AttributeProto.Builder ab = a.toBuilder();
            if (node.getOpType().equals("Cast") && a.getName().equals("to") && a.getI() == FLOAT16) {
                ab.setI(FLOAT);
            }
            if (a.hasT()) {
                ab.setT(tensor(a.getT()));
            }
            if (a.hasG()) {
                ab.setG(graph(a.getG()));
            }
            for (int g = 0; g < ab.getGraphsCount(); g++) {
                ab.setGraphs(g, graph(ab.getGraphs(g)));
            }
            b.setAttribute(i, ab);
        }
        return b.build();
    }

    private static ValueInfoProto value(ValueInfoProto value) {
        TypeProto type = value.getType();
        if (!type.hasTensorType() || type.getTensorType().getElemType() != FLOAT16) {
            return value;
        }
        return value.toBuilder().setType(type.toBuilder()
                .setTensorType(type.getTensorType().toBuilder().setElemType(FLOAT))).build();
    }

    static TensorProto tensor(TensorProto tensor) {
        if (tensor.getDataType() != FLOAT16) {
            return tensor;
        }
        short[] halves;
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            halves = new short[raw.remaining() / 2];
            raw.asShortBuffer().get(halves);
        } else {
            // Without raw_data, float16 values are stored one per int32_data entry (their bit pattern).
            halves = new short[tensor.getInt32DataCount()];
            for (int i = 0; i < halves.length; i++) {
                halves[i] = (short) tensor.getInt32Data(i);
            }
        }
        byte[] floats = new byte[halves.length * 4];
        ByteBuffer out = ByteBuffer.wrap(floats).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : halves) {
            out.putFloat(halfToFloat(h));
        }
        // The array is the tensor's own from here on: wrapped, not copied again.
        return tensor.toBuilder().clearInt32Data().setDataType(FLOAT)
                .setRawData(UnsafeByteOperations.unsafeWrap(floats)).build();
    }

    /** IEEE 754 binary16 to binary32, exact for every value including subnormals, infinities and NaN. */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal: value = mantissa * 2^-24.
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
