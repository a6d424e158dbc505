package dev.backdrop.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts a graph down to one of its outputs and the nodes it depends on. ISNet computes five side
 * masks beside the one a cut-out uses, each resized to 1024² and passed through a sigmoid; ONNX
 * Runtime runs every node of a graph whichever outputs are fetched, so those cost time and about
 * 200 MB of peak memory per pass. The kept output is computed by the same nodes as before.
 */
public final class OutputPruning {

    private OutputPruning() {
    }

    /** The graph with only output {@code index}, the nodes it needs, and the initializers they read. */
    public static GraphProto keepOutput(GraphProto graph, int index) {
        if (index < 0 || index >= graph.getOutputCount()) {
            throw new IllegalArgumentException("the graph has " + graph.getOutputCount() + " outputs, not an output " + index);
        }
        ValueInfoProto kept = graph.getOutput(index);
        List<NodeProto> nodes = graph.getNodeList();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String output : nodes.get(i).getOutputList()) {
                producer.put(output, i);
            }
        }
        // Walked back from the output: a node lives when something living reads one of its values.
        boolean[] live = new boolean[nodes.size()];
        Set<String> read = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(kept.getName()));
        while (!pending.isEmpty()) {
            String value = pending.pop();
            if (!read.add(value)) {
                continue;
            }
            Integer node = producer.get(value);
            if (node != null && !live[node]) {
                live[node] = true;
                pending.addAll(nodes.get(node).getInputList());
                pending.addAll(readInSubgraphs(nodes.get(node)));
            }
        }

        GraphProto.Builder pruned = graph.toBuilder().clearNode().clearOutput().clearInitializer().clearValueInfo()
                .addOutput(kept);
        Set<String> produced = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (live[i]) {
                pruned.addNode(nodes.get(i));
                produced.addAll(nodes.get(i).getOutputList());
            }
        }
        for (TensorProto initializer : graph.getInitializerList()) {
            if (read.contains(initializer.getName())) {
                pruned.addInitializer(initializer);
            }
        }
        for (ValueInfoProto info : graph.getValueInfoList()) {
            if (produced.contains(info.getName())) {
                pruned.addValueInfo(info);
            }
        }
        return pruned.build();
    }

    /** Values a node's subgraphs (If, Loop, Scan bodies) read from the graph around them. */
    private static Set<String> readInSubgraphs(NodeProto node) {
        Set<String> names = new HashSet<>();
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.hasG()) {
                collectInputs(attribute.getG(), names);
            }
            attribute.getGraphsList().forEach(g -> collectInputs(g, names));
        }
        return names;
    }

    private static void collectInputs(GraphProto graph, Set<String> names) {
        for (NodeProto node : graph.getNodeList()) {
            names.addAll(node.getInputList());
            names.addAll(readInSubgraphs(node));
        }
    }
}
