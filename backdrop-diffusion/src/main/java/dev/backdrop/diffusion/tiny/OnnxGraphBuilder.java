package dev.backdrop.diffusion.tiny;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a small ONNX graph (opset 17) with seeded random weights, node by node. Dimensions of
 * inputs and outputs are given as {@code Integer} (fixed) or {@code String} (named, dynamic), the
 * way exporters declare batch and image sizes.
 */
final class OnnxGraphBuilder {

    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int FLOAT16 = TensorProto.DataType.FLOAT16_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;
    static final int INT32 = TensorProto.DataType.INT32_VALUE;

    private static final int EXTERNAL_THRESHOLD = 1024;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final SplittableRandom random;
    private int counter;

    OnnxGraphBuilder(String name, long seed) {
        graph.setName(name);
        random = new SplittableRandom(seed);
    }

    void input(String name, int elementType, Object... dims) {
        graph.addInput(value(name, elementType, dims));
    }

    void output(String name, int elementType, Object... dims) {
        graph.addOutput(value(name, elementType, dims));
    }

    /** A weight of normal random values times {@code scale}. */
    String weight(float scale, long... shape) {
        int count = 1;
        for (long d : shape) {
            count *= (int) d;
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (nextGaussian() * scale);
        }
        return floats(values, shape);
    }

    String floats(float[] values, long... shape) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        return initializer(FLOAT, bytes.array(), shape);
    }

    String scalar(float value) {
        return floats(new float[] {value});
    }

    String longs(long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putLong(v);
        }
        return initializer(INT64, bytes.array(), values.length);
    }

    /** An integer scalar of the given element type (int32 or int64). */
    String integer(int elementType, long value) {
        ByteBuffer bytes = ByteBuffer.allocate(elementType == INT64 ? 8 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (elementType == INT64) {
            bytes.putLong(value);
        } else {
            bytes.putInt((int) value);
        }
        return initializer(elementType, bytes.array());
    }

    private String initializer(int elementType, byte[] raw, long... shape) {
        String name = "w" + counter++;
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(elementType)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : shape) {
            tensor.addDims(d);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /** Adds a node with one output and returns that output's name. */
    String node(String op, List<String> inputs, AttributeProto... attributes) {
        String out = op.toLowerCase() + "_" + counter++;
        nodeTo(out, op, inputs, attributes);
        return out;
    }

    String node(String op, String... inputs) {
        return node(op, List.of(inputs));
    }

    /** Adds a node writing to the named output (a graph output). */
    void nodeTo(String output, String op, List<String> inputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName("n" + counter++).addOutput(output);
        inputs.forEach(node::addInput);
        for (AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
    }

    void identity(String output, String input) {
        nodeTo(output, "Identity", List.of(input));
    }

    String matmul(String x, long in, long out, float scale) {
        return node("MatMul", x, weight(scale / (float) Math.sqrt(in), in, out));
    }

    /** A 2-D convolution with bias, stride 1, padding to keep the size. */
    String conv(String x, long in, long out, int kernel) {
        String w = weight(1f / (float) Math.sqrt(in * kernel * kernel), out, in, kernel, kernel);
        String b = weight(0.1f, out);
        int pad = kernel / 2;
        return node("Conv", List.of(x, w, b), intsAttribute("kernel_shape", kernel, kernel), intsAttribute("pads", pad, pad, pad, pad));
    }

    /** A 2-D convolution with bias and the given stride, padding {@code kernel / 2}. */
    String conv(String x, long in, long out, int kernel, int stride) {
        String w = weight(1f / (float) Math.sqrt(in * kernel * kernel), out, in, kernel, kernel);
        String b = weight(0.1f, out);
        int pad = kernel / 2;
        return node("Conv", List.of(x, w, b), intsAttribute("kernel_shape", kernel, kernel),
                intsAttribute("pads", pad, pad, pad, pad), intsAttribute("strides", stride, stride));
    }

    /** {@code x W + b} on the last axis. */
    String linear(String x, long in, long out) {
        return node("Add", matmul(x, in, out, 1f), weight(0.1f, out));
    }

    /** Layer normalization over the last axis, with a learned scale and shift near 1 and 0. */
    String layerNorm(String x, long channels) {
        return node("LayerNormalization", x, node("Add", weight(0.1f, channels), scalar(1f)), weight(0.1f, channels));
    }

    /** Doubles height and width by repeating each cell (nearest neighbour). */
    String upsample2(String x) {
        return node("Resize", List.of(x, "", floats(new float[] {1, 1, 2, 2}, 4)), text("mode", "nearest"));
    }

    String averagePool(String x, int size) {
        return node("AveragePool", List.of(x), intsAttribute("kernel_shape", size, size), intsAttribute("strides", size, size));
    }

    String reduceMean(String x, boolean keep, long... axes) {
        return node("ReduceMean", List.of(x), intsAttribute("axes", axes), intAttribute("keepdims", keep ? 1 : 0));
    }

    /**
     * Group normalization of a {@code [B, C, H, W]} map with a per-channel scale and shift, as
     * PyTorch exports it below opset 18: instance normalization over {@code [B, groups, C/groups·H·W]}.
     */
    String groupNorm(String x, long channels, int groups) {
        float[] ones = new float[groups];
        java.util.Arrays.fill(ones, 1f);
        String grouped = node("Reshape", x, longs(0, groups, -1));
        String normed = node("InstanceNormalization", grouped, floats(ones, groups), floats(new float[groups], groups));
        String back = node("Reshape", normed, node("Shape", x));
        String scale = node("Add", weight(0.1f, channels, 1, 1), scalar(1f));
        return node("Add", node("Mul", back, scale), weight(0.1f, channels, 1, 1));
    }

    /** {@code x · sigmoid(x)}. */
    String silu(String x) {
        return node("Mul", x, node("Sigmoid", x));
    }

    /** {@code [B, C]} to {@code [B, C, 1, 1]}, to add to feature maps. */
    String toMap(String x) {
        return node("Unsqueeze", x, longs(2, 3));
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto text(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    ModelProto build() {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("backdrop-tiny").setModelVersion(1)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph).build();
    }

    /**
     * Writes {@code model.onnx} into {@code folder}; with {@code externalWeights} the initializers
     * go to {@code model.onnx_data} as large exports store them.
     */
    void write(Path folder, boolean externalWeights) {
        ModelProto model = build();
        try {
            Files.createDirectories(folder);
            if (externalWeights) {
                model = externalize(model, folder.resolve("model.onnx_data"));
            }
            try (OutputStream out = Files.newOutputStream(folder.resolve("model.onnx"))) {
                model.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModelProto externalize(ModelProto model, Path dataFile) throws IOException {
        GraphProto.Builder g = model.getGraph().toBuilder();
        List<byte[]> chunks = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            byte[] raw = t.getRawData().toByteArray();
            if (raw.length < EXTERNAL_THRESHOLD) {
                continue; // small constants (shapes, axes) stay inline, as exporters keep them
            }
            chunks.add(raw);
            g.setInitializer(i, t.toBuilder().clearRawData()
                    .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", dataFile.getFileName().toString()))
                    .addExternalData(entry("offset", Long.toString(offset)))
                    .addExternalData(entry("length", Integer.toString(raw.length))));
            offset += raw.length;
        }
        try (OutputStream out = Files.newOutputStream(dataFile)) {
            for (byte[] chunk : chunks) {
                out.write(chunk);
            }
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static ValueInfoProto value(String name, int elementType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Integer fixed) {
                dim.setDimValue(fixed);
            } else {
                dim.setDimParam(d.toString());
            }
            shape.addDim(dim);
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private double nextGaussian() {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
