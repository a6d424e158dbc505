package dev.backdrop.testing;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
        ByteBuffer w = ByteBuffer.allocate(3 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : weights) {
            w.putFloat(v);
        }
        ByteBuffer b = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(bias);
        GraphProto graph = GraphProto.newBuilder()
                .setName("tiny-segmenter")
                .addInput(TestGraphs.floats("image", 1, 3, size, size))
                .addInitializer(TensorProto.newBuilder().setName("weights").setDataType(TensorProto.DataType.FLOAT.getNumber())
                        .addDims(1).addDims(3).addDims(1).addDims(1).setRawData(ByteString.copyFrom(w.array())))
                .addInitializer(TensorProto.newBuilder().setName("bias").setDataType(TensorProto.DataType.FLOAT.getNumber())
                        .addDims(1).setRawData(ByteString.copyFrom(b.array())))
                .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("image").addOutput("features"))
                .addNode(NodeProto.newBuilder().setOpType("Conv").addInput("image").addInput("weights").addInput("bias")
                        .addOutput("mask"))
                .addOutput(TestGraphs.floats("features", 1, 3, size, size))
                .addOutput(TestGraphs.floats("mask", 1, 1, size, size))
                .build();
        return TestGraphs.write(file, graph);
    }
}
