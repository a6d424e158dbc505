package dev.backdrop.testing;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.file.Path;

/**
 * A segmentation model small enough to reason about, written as a real ONNX file: its mask is
 * {@code weights · pixel + bias} per pixel (a 1x1 convolution over the normalised RGB input), on its
 * second output; the first output is the input itself, so a runner that reads the wrong output
 * gets a mask of the wrong shape.
 */
public final class TinySegmentationModel {

    private TinySegmentationModel() {
    }

    /** Writes the model to {@code file} for a square input of {@code size} pixels. */
    public static Path write(Path file, int size, float[] weights, float bias) {
        GraphProto graph = GraphProto.newBuilder()
                .setName("tiny-segmenter")
                .addInput(TestGraphs.floats("image", 1, 3, size, size))
                .addInitializer(TestGraphs.tensor("weights", weights, 1, 3, 1, 1))
                .addInitializer(TestGraphs.tensor("bias", new float[] {bias}, 1))
                .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("image").addOutput("features"))
                .addNode(NodeProto.newBuilder().setOpType("Conv").addInput("image").addInput("weights").addInput("bias")
                        .addOutput("mask"))
                .addOutput(TestGraphs.floats("features", 1, 3, size, size))
                .addOutput(TestGraphs.floats("mask", 1, 1, size, size))
                .build();
        return TestGraphs.write(file, graph);
    }
}
