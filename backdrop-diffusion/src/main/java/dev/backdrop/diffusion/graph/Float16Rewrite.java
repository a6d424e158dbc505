package dev.backdrop.diffusion.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a float32 graph into one that computes in float16: float initializers that feed float16
 * nodes are stored as float16, casts to float become casts to float16, and where a value crosses
 * between float16 nodes and the float32 islands the builder marked (or a float32 graph input or
 * output), a Cast is inserted. Nodes are visited in the order they were added, which is a
 * topological order, so each value's type is known when it is read. Every value's type is written
 * to the graph's {@code value_info}, where the runtime checks it against its own inference.
 */
final class Float16Rewrite {

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    private static final int FLOAT16 = TensorProto.DataType.FLOAT16_VALUE;
    private static final int INT64 = TensorProto.DataType.INT64_VALUE;
    private static final int BOOL = TensorProto.DataType.BOOL_VALUE;

    private final Set<String> float32Nodes;
    private final Map<String, Integer> types = new HashMap<>();
    private final Map<String, String> casts = new HashMap<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private int counter;

    private Float16Rewrite(Set<String> float32Nodes) {
        this.float32Nodes = float32Nodes;
    }

    /** The rewritten graph and its initializer values, in the graph's initializer order. */
    record Result(GraphProto.Builder graph, List<TensorData> values) {
    }

    static Result rewrite(GraphProto.Builder source, List<TensorData> values, Set<String> float32Nodes) {
        return new Float16Rewrite(float32Nodes).run(source.clone(), values);
    }

    private Result run(GraphProto.Builder g, List<TensorData> values) {
        g.getInputList().forEach(v -> types.put(v.getName(), v.getType().getTensorType().getElemType()));
        Set<String> halved = initializersFeedingFloat16(g);
        List<TensorData> rewritten = new ArrayList<>(values);
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto init = g.getInitializer(i);
            int type = init.getDataType();
            if (halved.contains(init.getName())) {
                g.setInitializer(i, init.toBuilder().setDataType(FLOAT16));
                rewritten.set(i, new Float16Values(values.get(i)));
                type = FLOAT16;
            }
            types.put(init.getName(), type);
        }
        for (NodeProto node : g.getNodeList()) {
            visit(node);
        }
        Map<String, String> renamed = new HashMap<>();
        List<NodeProto> outputCasts = new ArrayList<>();
        for (ValueInfoProto out : g.getOutputList()) {
            int declared = out.getType().getTensorType().getElemType();
            int actual = typeOf(out.getName());
            if (actual != declared) {
                String inner = out.getName() + "__" + (actual == FLOAT16 ? "float16" : "float32");
                renamed.put(out.getName(), inner);
                types.put(inner, actual);
                outputCasts.add(cast(inner, out.getName(), declared));
            }
        }
        g.clearNode();
        for (NodeProto node : nodes) {
            g.addNode(renamed.isEmpty() ? node : rename(node, renamed));
        }
        outputCasts.forEach(g::addNode);
        Set<String> declared = new HashSet<>();
        g.getInputList().forEach(v -> declared.add(v.getName()));
        g.getOutputList().forEach(v -> declared.add(v.getName()));
        g.getInitializerList().forEach(t -> declared.add(t.getName()));
        g.clearValueInfo();
        for (NodeProto node : g.getNodeList()) {
            for (String out : node.getOutputList()) {
                if (!declared.contains(out)) {
                    g.addValueInfo(ValueInfoProto.newBuilder().setName(out).setType(TypeProto.newBuilder()
                            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(typeOf(out)))));
                }
            }
        }
        return new Result(g, rewritten);
    }

    /** Float32 initializers read as float data by at least one node outside the float32 islands. */
    private Set<String> initializersFeedingFloat16(GraphProto.Builder g) {
        Set<String> floats = new HashSet<>();
        g.getInitializerList().stream().filter(t -> t.getDataType() == FLOAT).forEach(t -> floats.add(t.getName()));
        Set<String> halved = new HashSet<>();
        for (NodeProto node : g.getNodeList()) {
            if (float32Nodes.contains(node.getName())) {
                continue;
            }
            for (int i = 0; i < node.getInputCount(); i++) {
                if (floats.contains(node.getInput(i)) && carriesData(node.getOpType(), i)) {
                    halved.add(node.getInput(i));
                }
            }
        }
        return halved;
    }

    private void visit(NodeProto node) {
        int target = float32Nodes.contains(node.getName()) ? FLOAT : FLOAT16;
        NodeProto.Builder b = node.toBuilder();
        for (int i = 0; i < b.getInputCount(); i++) {
            String in = b.getInput(i);
            if (in.isEmpty() || !carriesData(node.getOpType(), i)) {
                continue;
            }
            int type = typeOf(in);
            if (isFloat(type) && type != target) {
                b.setInput(i, castOf(in, target));
            }
        }
        if (node.getOpType().equals("Cast") && target == FLOAT16) {
            for (int i = 0; i < b.getAttributeCount(); i++) {
                AttributeProto a = b.getAttribute(i);
                if (a.getName().equals("to") && a.getI() == FLOAT) {
                    b.setAttribute(i, a.toBuilder().setI(FLOAT16));
                }
            }
        }
        NodeProto rewritten = b.build();
        int out = outputType(rewritten);
        rewritten.getOutputList().forEach(name -> types.put(name, out));
        nodes.add(rewritten);
    }

    /** {@code value} as {@code type}, through one Cast shared by every reader. */
    private String castOf(String value, int type) {
        return casts.computeIfAbsent(value + "/" + type, key -> {
            String name = value + "__as_" + (type == FLOAT16 ? "float16" : "float32");
            NodeProto c = cast(value, name, type);
            nodes.add(c);
            types.put(name, type);
            return name;
        });
    }

    private NodeProto cast(String from, String to, int type) {
        return NodeProto.newBuilder().setOpType("Cast").setName("precision_cast_" + counter++).addInput(from).addOutput(to)
                .addAttribute(OnnxGraphBuilder.intAttribute("to", type)).build();
    }

    /** The element type a node gives, from its inputs' types and its attributes. */
    private int outputType(NodeProto node) {
        switch (node.getOpType()) {
            case "Shape", "ArgMax", "ArgMin", "NonZero", "Size":
                return INT64;
            case "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf":
                return BOOL;
            case "Cast":
                return (int) attribute(node, "to").getI();
            case "Where":
                return typeOf(node.getInput(1));
            case "Constant", "ConstantOfShape":
                AttributeProto value = node.getAttributeList().stream().filter(a -> a.getName().equals("value"))
                        .findFirst().orElse(null);
                return value == null ? FLOAT : value.getT().getDataType();
            default:
                return typeOf(node.getInput(0));
        }
    }

    /** Whether input {@code index} of {@code op} holds values of the node's float type (not sizes or scales). */
    private static boolean carriesData(String op, int index) {
        // Resize's roi and scales are float32 whatever the data's type.
        return !(op.equals("Resize") && index > 0);
    }

    private int typeOf(String value) {
        Integer type = types.get(value);
        if (type == null) {
            throw new IllegalStateException("the float16 rewrite met " + value + " before the node that makes it");
        }
        return type;
    }

    private static boolean isFloat(int type) {
        return type == FLOAT || type == FLOAT16;
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(node.getOpType() + " node " + node.getName() + " has no " + name));
    }

    private static NodeProto rename(NodeProto node, Map<String, String> renamed) {
        NodeProto.Builder b = node.toBuilder();
        for (int i = 0; i < b.getInputCount(); i++) {
            b.setInput(i, renamed.getOrDefault(b.getInput(i), b.getInput(i)));
        }
        for (int i = 0; i < b.getOutputCount(); i++) {
            b.setOutput(i, renamed.getOrDefault(b.getOutput(i), b.getOutput(i)));
        }
        return b.build();
    }
}
