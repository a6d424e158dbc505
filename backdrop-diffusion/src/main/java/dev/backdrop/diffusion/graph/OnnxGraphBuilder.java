package dev.backdrop.diffusion.graph;

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
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Builds an ONNX graph (opset 17) node by node: the converter's graphs with a checkpoint's
 * weights, and the tiny models' with seeded random ones. Dimensions of inputs and outputs are
 * given as {@code Integer} (fixed) or {@code String} (named, dynamic), the way exporters declare
 * batch and image sizes. Initializer values are kept as {@link TensorData} and written only when
 * the graph is saved, large ones streamed into an external data file (protobuf cannot hold more
 * than 2 GB, and a checkpoint need not pass through the heap).
 */
public final class OnnxGraphBuilder {

    public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    public static final int FLOAT16 = TensorProto.DataType.FLOAT16_VALUE;
    public static final int INT64 = TensorProto.DataType.INT64_VALUE;
    public static final int INT32 = TensorProto.DataType.INT32_VALUE;

    /** Initializers smaller than this stay inside the graph file, as exporters keep shapes and axes. */
    private static final int EXTERNAL_THRESHOLD = 1024;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final SplittableRandom random;
    private final List<TensorData> values = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Set<String> float32Nodes = new HashSet<>();
    private boolean inFloat32;
    private int counter;

    /** A builder whose {@link #weight random weights} are drawn from {@code seed}. */
    public OnnxGraphBuilder(String name, long seed) {
        graph.setName(name);
        random = new SplittableRandom(seed);
    }

    /** A builder for a graph whose weights all come from outside (a checkpoint). */
    public OnnxGraphBuilder(String name) {
        this(name, 0);
    }

    public void input(String name, int elementType, Object... dims) {
        graph.addInput(value(name, elementType, dims));
    }

    public void output(String name, int elementType, Object... dims) {
        graph.addOutput(value(name, elementType, dims));
    }

    /** A weight of normal random values times {@code scale}. */
    public String weight(float scale, long... shape) {
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

    public String floats(float[] values, long... shape) {
        return initializer(TensorData.floats(values, shape));
    }

    public String scalar(float value) {
        return floats(new float[] {value});
    }

    public String longs(long... values) {
        return initializer(TensorData.longs(values, values.length));
    }

    /** An integer scalar of the given element type (int32 or int64). */
    public String integer(int elementType, long value) {
        return initializer(elementType == INT64 ? TensorData.longs(new long[] {value}) : TensorData.ints(new int[] {(int) value}));
    }

    /** An initializer with a generated name. */
    public String initializer(TensorData data) {
        return initializer("w" + counter++, data);
    }

    /** An initializer under the given name (a checkpoint's own tensor name reads well in a graph viewer). */
    public String initializer(String name, TensorData data) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("initializer " + name + " is defined twice");
        }
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(data.elementType());
        for (long d : data.shape()) {
            tensor.addDims(d);
        }
        graph.addInitializer(tensor);
        values.add(data);
        return name;
    }

    /** Adds a node with one output and returns that output's name. */
    public String node(String op, List<String> inputs, AttributeProto... attributes) {
        String out = op.toLowerCase() + "_" + counter++;
        nodeTo(out, op, inputs, attributes);
        return out;
    }

    public String node(String op, String... inputs) {
        return node(op, List.of(inputs));
    }

    /** Adds a node writing to the named output (a graph output). */
    public void nodeTo(String output, String op, List<String> inputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName("n" + counter++).addOutput(output);
        if (inFloat32) {
            float32Nodes.add(node.getName());
        }
        inputs.forEach(node::addInput);
        for (AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
    }

    /**
     * Runs {@code body}, whose nodes compute in float32 even when the graph is written in
     * {@link Precision#FLOAT16}: for values that float16 cannot hold finely enough.
     */
    public <T> T inFloat32(Supplier<T> body) {
        boolean outer = inFloat32;
        inFloat32 = true;
        try {
            return body.get();
        } finally {
            inFloat32 = outer;
        }
    }

    public void identity(String output, String input) {
        nodeTo(output, "Identity", List.of(input));
    }

    public String matmul(String x, long in, long out, float scale) {
        return node("MatMul", x, weight(scale / (float) Math.sqrt(in), in, out));
    }

    /** A 2-D convolution with bias, stride 1, padding to keep the size. */
    public String conv(String x, long in, long out, int kernel) {
        String w = weight(1f / (float) Math.sqrt(in * kernel * kernel), out, in, kernel, kernel);
        String b = weight(0.1f, out);
        int pad = kernel / 2;
        return node("Conv", List.of(x, w, b), intsAttribute("kernel_shape", kernel, kernel), intsAttribute("pads", pad, pad, pad, pad));
    }

    /** A 2-D convolution with bias and the given stride, padding {@code kernel / 2}. */
    public String conv(String x, long in, long out, int kernel, int stride) {
        String w = weight(1f / (float) Math.sqrt(in * kernel * kernel), out, in, kernel, kernel);
        String b = weight(0.1f, out);
        int pad = kernel / 2;
        return node("Conv", List.of(x, w, b), intsAttribute("kernel_shape", kernel, kernel),
                intsAttribute("pads", pad, pad, pad, pad), intsAttribute("strides", stride, stride));
    }

    /** {@code x W + b} on the last axis. */
    public String linear(String x, long in, long out) {
        return node("Add", matmul(x, in, out, 1f), weight(0.1f, out));
    }

    /** Layer normalization over the last axis, with a learned scale and shift near 1 and 0. */
    public String layerNorm(String x, long channels) {
        return node("LayerNormalization", x, node("Add", weight(0.1f, channels), scalar(1f)), weight(0.1f, channels));
    }

    /** Doubles height and width by repeating each cell (nearest neighbour). */
    public String upsample2(String x) {
        return node("Resize", List.of(x, "", floats(new float[] {1, 1, 2, 2}, 4)), text("mode", "nearest"));
    }

    /** Doubles height and width as PyTorch's nearest interpolation does: output cell i reads input cell ⌊i/2⌋. */
    public String nearestUpsample2(String x) {
        return node("Resize", List.of(x, "", floats(new float[] {1, 1, 2, 2}, 4)), text("mode", "nearest"),
                text("coordinate_transformation_mode", "asymmetric"), text("nearest_mode", "floor"));
    }

    public String averagePool(String x, int size) {
        return node("AveragePool", List.of(x), intsAttribute("kernel_shape", size, size), intsAttribute("strides", size, size));
    }

    public String reduceMean(String x, boolean keep, long... axes) {
        return node("ReduceMean", List.of(x), intsAttribute("axes", axes), intAttribute("keepdims", keep ? 1 : 0));
    }

    /** Group normalization with random scale and shift near 1 and 0 (tiny models). */
    public String groupNorm(String x, long channels, int groups) {
        String scale = node("Add", weight(0.1f, channels, 1, 1), scalar(1f));
        return groupNorm(x, groups, 1e-5, scale, weight(0.1f, channels, 1, 1));
    }

    /**
     * Group normalization of a {@code [B, C, H, W]} map with a per-channel {@code scale} and
     * {@code shift} of shape {@code [C, 1, 1]}, as PyTorch exports it below opset 18: instance
     * normalization over {@code [B, groups, C/groups·H·W]}.
     */
    public String groupNorm(String x, int groups, double epsilon, String scale, String shift) {
        float[] ones = new float[groups];
        java.util.Arrays.fill(ones, 1f);
        String grouped = node("Reshape", x, longs(0, groups, -1));
        String normed = node("InstanceNormalization", List.of(grouped, floats(ones, groups), floats(new float[groups], groups)),
                floatAttribute("epsilon", (float) epsilon));
        String back = node("Reshape", normed, node("Shape", x));
        return node("Add", node("Mul", back, scale), shift);
    }

    /** Layer normalization over the last axis with the given scale and shift. */
    public String layerNorm(String x, String scale, String shift, double epsilon) {
        return node("LayerNormalization", List.of(x, scale, shift), intAttribute("axis", -1),
                floatAttribute("epsilon", (float) epsilon));
    }

    /** A 2-D convolution with the given weight ({@code [out, in, k, k]}) and optional bias. */
    public String conv(String x, String weight, String bias, int kernel, int stride, int pad) {
        List<String> inputs = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
        return node("Conv", inputs, intsAttribute("kernel_shape", kernel, kernel),
                intsAttribute("pads", pad, pad, pad, pad), intsAttribute("strides", stride, stride));
    }

    /** The exact GELU, {@code x · Φ(x)}, as PyTorch's default (opset 17 has no Gelu op). */
    public String gelu(String x) {
        String erf = node("Erf", node("Mul", x, scalar((float) (1 / Math.sqrt(2)))));
        return node("Mul", node("Mul", x, scalar(0.5f)), node("Add", erf, scalar(1f)));
    }

    /** CLIP's quick GELU, {@code x · sigmoid(1.702 x)}. */
    public String quickGelu(String x) {
        return node("Mul", x, node("Sigmoid", node("Mul", x, scalar(1.702f))));
    }

    /** {@code x · sigmoid(x)}. */
    public String silu(String x) {
        return node("Mul", x, node("Sigmoid", x));
    }

    /** {@code [B, C]} to {@code [B, C, 1, 1]}, to add to feature maps. */
    public String toMap(String x) {
        return node("Unsqueeze", x, longs(2, 3));
    }

    public static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto text(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** The model with every initializer's values inline (small graphs, tests). */
    public ModelProto build() {
        return build(Precision.FLOAT32);
    }

    /** The model in the given precision, every initializer's values inline. */
    public ModelProto build(Precision precision) {
        Float16Rewrite.Result r = inPrecision(precision);
        GraphProto.Builder g = r.graph();
        try {
            for (int i = 0; i < r.values().size(); i++) {
                g.setInitializer(i, g.getInitializer(i).toBuilder().setRawData(bytesOf(r.values().get(i))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return model(g);
    }

    private static ModelProto model(GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("backdrop").setModelVersion(1)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(g).build();
    }

    /**
     * Writes {@code model.onnx} into {@code folder}; with {@code externalWeights} the initializers
     * of {@value #EXTERNAL_THRESHOLD} bytes or more go to {@code model.onnx_data}, streamed.
     */
    public void write(Path folder, boolean externalWeights) {
        write(folder, externalWeights, Precision.FLOAT32);
    }

    /** {@link #write(Path, boolean)} in the given precision. */
    public void write(Path folder, boolean externalWeights, Precision precision) {
        try {
            Files.createDirectories(folder);
            if (!externalWeights) {
                try (OutputStream out = Files.newOutputStream(folder.resolve("model.onnx"))) {
                    build(precision).writeTo(out);
                }
                return;
            }
            String dataName = "model.onnx_data";
            Float16Rewrite.Result r = inPrecision(precision);
            GraphProto.Builder g = r.graph();
            long offset = 0;
            try (OutputStream data = new BufferedOutputStream(Files.newOutputStream(folder.resolve(dataName)), 1 << 20)) {
                for (int i = 0; i < r.values().size(); i++) {
                    TensorData v = r.values().get(i);
                    TensorProto.Builder t = g.getInitializer(i).toBuilder();
                    if (v.byteSize() < EXTERNAL_THRESHOLD) {
                        g.setInitializer(i, t.setRawData(bytesOf(v)));
                        continue;
                    }
                    CountingStream counted = new CountingStream(data);
                    v.writeTo(counted);
                    if (counted.count != v.byteSize()) {
                        throw new IllegalStateException(t.getName() + " wrote " + counted.count + " bytes, expected " + v.byteSize());
                    }
                    g.setInitializer(i, t.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                            .addExternalData(entry("location", dataName))
                            .addExternalData(entry("offset", Long.toString(offset)))
                            .addExternalData(entry("length", Long.toString(v.byteSize()))));
                    offset += v.byteSize();
                }
            }
            try (OutputStream out = Files.newOutputStream(folder.resolve("model.onnx"))) {
                model(g).writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Float16Rewrite.Result inPrecision(Precision precision) {
        return precision == Precision.FLOAT16 ? Float16Rewrite.rewrite(graph, values, float32Nodes)
                : new Float16Rewrite.Result(graph.clone(), values);
    }

    private static ByteString bytesOf(TensorData v) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) v.byteSize());
        v.writeTo(bytes);
        return ByteString.copyFrom(bytes.toByteArray());
    }

    /** Counts what passes, to check each tensor wrote exactly its declared size. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        private long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
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
