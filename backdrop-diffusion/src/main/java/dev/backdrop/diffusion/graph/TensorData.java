package dev.backdrop.diffusion.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The values of one initializer, written only when the graph is saved: a checkpoint's weights
 * stream from their memory map into the external data file instead of sitting on the heap.
 */
public interface TensorData {

    /** An ONNX {@code TensorProto.DataType} value. */
    int elementType();

    long[] shape();

    long byteSize();

    /** Writes the raw little-endian values, {@link #byteSize()} bytes. */
    void writeTo(OutputStream out) throws IOException;

    static TensorData floats(float[] values, long... shape) {
        return new Raw(OnnxGraphBuilder.FLOAT, shape, values.length * 4L, out -> {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            out.write(bytes.array());
        });
    }

    static TensorData longs(long[] values, long... shape) {
        return new Raw(OnnxGraphBuilder.INT64, shape, values.length * 8L, out -> {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asLongBuffer().put(values);
            out.write(bytes.array());
        });
    }

    static TensorData ints(int[] values, long... shape) {
        return new Raw(OnnxGraphBuilder.INT32, shape, values.length * 4L, out -> {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asIntBuffer().put(values);
            out.write(bytes.array());
        });
    }

    /** Writes bytes to a stream. */
    @FunctionalInterface
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Values made in memory (small constants, random tiny weights). */
    record Raw(int elementType, long[] shape, long byteSize, Writer writer) implements TensorData {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            writer.write(out);
        }
    }
}
