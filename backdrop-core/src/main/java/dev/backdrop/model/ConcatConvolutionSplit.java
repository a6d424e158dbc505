package dev.backdrop.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Rewrites each convolution over a channel concatenation as one convolution per part, summed:
 * {@code Conv(Concat(a, b), W) = Conv(a, W_a) + Conv(b, W_b)}, with {@code W} split along its input
 * channels. ISNet's decoders concatenate an upsampled map with a skip connection before every
 * convolution; ONNX Runtime copies both into a new tensor for that, then reads the copy. After the
 * rewrite it folds each sum into the next part's convolution, which adds into the same output in
 * the order the concatenation had, so the copies are gone and the result is the same.
 *
 * <p>A concatenation is rewritten only where that is sure to hold: along channels, read by one
 * ungrouped convolution alone, whose weights are a float32 initializer, and whose parts' channel
 * counts follow from the graph. Any other is left as it is.
 */
public final class ConcatConvolutionSplit {

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    /** Operators whose output has the channels of their first input (a float16 graph casts between most of them). */
    private static final Set<String> KEEP_CHANNELS = Set.of("Relu", "LeakyRelu", "Sigmoid", "Clip", "Cast", "Identity",
            "BatchNormalization", "Resize", "Upsample", "MaxPool", "AveragePool");
    /** Element-wise operators: the output has their inputs' channels when those agree. */
    private static final Set<String> ELEMENTWISE = Set.of("Add", "Sub", "Mul");

    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> readers = new HashMap<>();
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final Map<String, OptionalLong> channels = new HashMap<>();

    private ConcatConvolutionSplit(GraphProto graph) {
        for (NodeProto node : graph.getNodeList()) {
            node.getOutputList().forEach(output -> producers.put(output, node));
            node.getInputList().forEach(input -> readers.computeIfAbsent(input, k -> new ArrayList<>()).add(node));
        }
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        graph.getOutputList().stream().map(ValueInfoProto::getName).forEach(graphOutputs::add);
    }

    /** The graph with every convolution over a concatenation that qualifies split into its parts. */
    public static GraphProto graph(GraphProto graph) {
        return new ConcatConvolutionSplit(graph).rewrite(graph);
    }

    private GraphProto rewrite(GraphProto graph) {
        // Keyed by the output each node makes: the rewritten convolutions' and the dropped concatenations'.
        Map<String, List<NodeProto>> replacements = new HashMap<>();
        Set<String> joined = new HashSet<>();
        Set<String> replacedWeights = new HashSet<>();
        List<TensorProto> partWeights = new ArrayList<>();
        for (NodeProto concat : graph.getNodeList()) {
            Optional<NodeProto> conv = splittableConvolution(concat);
            if (conv.isEmpty()) {
                continue;
            }
            long[] parts = concat.getInputList().stream().mapToLong(input -> channelsOf(input).getAsLong()).toArray();
            List<TensorProto> weights = splitWeights(initializers.get(conv.get().getInput(1)), parts);
            partWeights.addAll(weights);
            replacedWeights.add(conv.get().getInput(1));
            replacements.put(conv.get().getOutput(0), partConvolutions(concat, conv.get(), weights));
            joined.add(concat.getOutput(0));
        }
        if (replacements.isEmpty()) {
            return graph;
        }
        GraphProto.Builder b = graph.toBuilder().clearNode();
        for (NodeProto node : graph.getNodeList()) {
            String made = node.getOutputCount() > 0 ? node.getOutput(0) : "";
            if (replacements.containsKey(made)) {
                b.addAllNode(replacements.get(made));
            } else if (!joined.contains(made)) {
                b.addNode(node);
            }
        }
        // A weight another node still reads stays; the rewritten convolutions read their parts.
        Set<String> stillRead = new HashSet<>();
        b.getNodeList().forEach(node -> stillRead.addAll(node.getInputList()));
        b.clearInitializer();
        for (TensorProto initializer : graph.getInitializerList()) {
            if (!replacedWeights.contains(initializer.getName()) || stillRead.contains(initializer.getName())) {
                b.addInitializer(initializer);
            }
        }
        b.addAllInitializer(partWeights);
        b.clearValueInfo();
        graph.getValueInfoList().stream().filter(info -> !joined.contains(info.getName())).forEach(b::addValueInfo);
        return b.build();
    }

    /** The convolution this concatenation feeds, when the pair can be split. */
    private Optional<NodeProto> splittableConvolution(NodeProto concat) {
        if (!concat.getOpType().equals("Concat") || !concat.getDomain().isEmpty() || concat.getInputCount() < 2
                || intAttribute(concat, "axis", 0) != 1) {
            return Optional.empty();
        }
        String joined = concat.getOutput(0);
        List<NodeProto> read = readers.getOrDefault(joined, List.of());
        if (read.size() != 1 || graphOutputs.contains(joined)) {
            return Optional.empty();
        }
        NodeProto conv = read.get(0);
        if (!conv.getOpType().equals("Conv") || !conv.getDomain().isEmpty() || !conv.getInput(0).equals(joined)
                || conv.getInputCount() < 2 || intAttribute(conv, "group", 1) != 1) {
            return Optional.empty();
        }
        TensorProto weights = initializers.get(conv.getInput(1));
        if (weights == null || weights.getDataType() != FLOAT || weights.getDimsCount() < 3) {
            return Optional.empty();
        }
        OptionalLong joinedChannels = concatenatedChannels(concat);
        return joinedChannels.isPresent() && joinedChannels.getAsLong() == weights.getDims(1)
                ? Optional.of(conv) : Optional.empty();
    }

    /** The channels of a value, followed back through the graph; empty where they cannot be known. */
    private OptionalLong channelsOf(String value) {
        OptionalLong known = channels.get(value);
        if (known != null) {
            return known;
        }
        channels.put(value, OptionalLong.empty()); // a cycle, in a malformed graph, ends here
        OptionalLong found = traced(producers.get(value));
        channels.put(value, found);
        return found;
    }

    private OptionalLong traced(NodeProto node) {
        if (node == null || !node.getDomain().isEmpty() || node.getOutputCount() < 1 || node.getInputCount() < 1) {
            return OptionalLong.empty();
        }
        String op = node.getOpType();
        if (op.equals("Conv")) {
            TensorProto weights = node.getInputCount() > 1 ? initializers.get(node.getInput(1)) : null;
            return weights != null && weights.getDimsCount() > 0 ? OptionalLong.of(weights.getDims(0)) : OptionalLong.empty();
        }
        if (KEEP_CHANNELS.contains(op)) {
            return channelsOf(node.getInput(0));
        }
        if (ELEMENTWISE.contains(op)) {
            OptionalLong first = channelsOf(node.getInput(0));
            for (String input : node.getInputList()) {
                if (!channelsOf(input).equals(first)) {
                    return OptionalLong.empty();
                }
            }
            return first;
        }
        if (op.equals("Concat") && intAttribute(node, "axis", 0) == 1) {
            return concatenatedChannels(node);
        }
        return OptionalLong.empty();
    }

    /** The channels of a concatenation along channels: its parts' together, if all are known. */
    private OptionalLong concatenatedChannels(NodeProto concat) {
        long sum = 0;
        for (String input : concat.getInputList()) {
            OptionalLong c = channelsOf(input);
            if (c.isEmpty()) {
                return OptionalLong.empty();
            }
            sum += c.getAsLong();
        }
        return OptionalLong.of(sum);
    }

    /**
     * One convolution per part, each adding the one before it: the first reads no bias, the last
     * takes the original's bias and output, so whatever read the convolution reads the sum.
     */
    private static List<NodeProto> partConvolutions(NodeProto concat, NodeProto conv, List<TensorProto> weights) {
        List<NodeProto> nodes = new ArrayList<>();
        String output = conv.getOutput(0);
        int last = concat.getInputCount() - 1;
        String sum = null;
        for (int i = 0; i <= last; i++) {
            NodeProto.Builder part = conv.toBuilder().setName(conv.getName() + "/part" + i).clearInput().clearOutput()
                    .addInput(concat.getInput(i)).addInput(weights.get(i).getName());
            if (i == last && conv.getInputCount() > 2) {
                part.addInput(conv.getInput(2));
            }
            String partOutput = output + "/part" + i;
            nodes.add(part.addOutput(partOutput).build());
            if (sum == null) {
                sum = partOutput;
                continue;
            }
            // This part's convolution first, the sum so far second: ONNX Runtime then folds the Add
            // into this convolution, which accumulates onto the sum in the concatenation's order,
            // the same arithmetic as before bit for bit (the other order is not).
            String next = i == last ? output : output + "/sum" + i;
            nodes.add(NodeProto.newBuilder().setOpType("Add").setName(conv.getName() + "/sum" + i)
                    .addInput(partOutput).addInput(sum).addOutput(next).build());
            sum = next;
        }
        return nodes;
    }

    /** The weights {@code [out, in, k...]} cut along {@code in} into parts of the given widths. */
    static List<TensorProto> splitWeights(TensorProto weights, long[] widths) {
        float[] all = floats(weights);
        int out = (int) weights.getDims(0);
        int in = (int) weights.getDims(1);
        int kernel = all.length / (out * in);
        List<TensorProto> parts = new ArrayList<>();
        int from = 0;
        for (int p = 0; p < widths.length; p++) {
            int width = (int) widths[p];
            ByteBuffer bytes = ByteBuffer.allocate(out * width * kernel * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer part = bytes.asFloatBuffer();
            for (int o = 0; o < out; o++) {
                part.put(all, (o * in + from) * kernel, width * kernel);
            }
            TensorProto.Builder t = TensorProto.newBuilder().setName(weights.getName() + "/part" + p)
                    .setDataType(FLOAT).addDims(out).addDims(width)
                    .setRawData(UnsafeByteOperations.unsafeWrap(bytes.array()));
            for (int d = 2; d < weights.getDimsCount(); d++) {
                t.addDims(weights.getDims(d));
            }
            parts.add(t.build());
            from += width;
        }
        return parts;
    }

    private static float[] floats(TensorProto tensor) {
        if (tensor.getRawData().isEmpty()) {
            float[] values = new float[tensor.getFloatDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getFloatData(i);
            }
            return values;
        }
        FloatBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] values = new float[raw.remaining()];
        raw.get(values);
        return values;
    }

    private static long intAttribute(NodeProto node, String name, long otherwise) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getI();
            }
        }
        return otherwise;
    }
}
