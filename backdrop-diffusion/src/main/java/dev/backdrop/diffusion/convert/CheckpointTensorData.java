package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.checkpoint.DType;
import dev.backdrop.diffusion.checkpoint.StoredTensor;
import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import dev.backdrop.diffusion.graph.TensorData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A checkpoint tensor as a float32 initializer, read from its memory map when the graph is
 * written: float32 weights are copied through in pieces, others converted piece by piece, so at
 * most one piece (or, for a transposed matrix, one matrix) is on the heap at a time.
 *
 * @param shape the initializer's shape (the stored shape, another view of it, or transposed)
 */
record CheckpointTensorData(StoredTensor tensor, long[] shape, boolean transposed) implements TensorData {

    private static final int PIECE = 1 << 18;

    static CheckpointTensorData of(StoredTensor tensor) {
        return new CheckpointTensorData(tensor, tensor.shape(), false);
    }

    /** The same values under another shape of the same size. */
    static CheckpointTensorData reshaped(StoredTensor tensor, long... shape) {
        return new CheckpointTensorData(tensor, shape, false);
    }

    /** A {@code [rows, cols]} matrix as {@code [cols, rows]}: a linear layer's weight for {@code x · W}. */
    static CheckpointTensorData transposed(StoredTensor tensor) {
        long[] s = tensor.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException(tensor.describe() + " is not a matrix");
        }
        return new CheckpointTensorData(tensor, new long[] {s[1], s[0]}, true);
    }

    @Override
    public int elementType() {
        return OnnxGraphBuilder.FLOAT;
    }

    @Override
    public long byteSize() {
        return tensor.elementCount() * 4;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (transposed) {
            writeTransposed(out);
            return;
        }
        long count = tensor.elementCount();
        if (tensor.dtype() == DType.F32) {
            ByteBuffer data = tensor.bytes();
            byte[] piece = new byte[(int) Math.min(PIECE * 4L, count * 4)];
            while (data.hasRemaining()) {
                int n = Math.min(piece.length, data.remaining());
                data.get(piece, 0, n);
                out.write(piece, 0, n);
            }
            return;
        }
        float[] floats = new float[(int) Math.min(PIECE, count)];
        ByteBuffer bytes = ByteBuffer.allocate(floats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long from = 0; from < count; from += floats.length) {
            int n = (int) Math.min(floats.length, count - from);
            tensor.floats(from, floats, n);
            writeFloats(floats, n, bytes, out);
        }
    }

    private void writeTransposed(OutputStream out) throws IOException {
        writeTransposed(tensor.floats(), (int) tensor.shape()[0], (int) tensor.shape()[1], out);
    }

    /** Writes a row-major {@code [rows, cols]} matrix as {@code [cols, rows]}. */
    static void writeTransposed(float[] values, int rows, int cols, OutputStream out) throws IOException {
        ByteBuffer row = ByteBuffer.allocate(rows * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < cols; c++) {
            row.clear();
            for (int r = 0; r < rows; r++) {
                row.putFloat(values[r * cols + c]);
            }
            out.write(row.array(), 0, rows * 4);
        }
    }

    /** Writes {@code values[0, n)} little-endian through {@code scratch}, which holds at least {@code n} floats. */
    static void writeFloats(float[] values, int n, ByteBuffer scratch, OutputStream out) throws IOException {
        scratch.clear();
        scratch.asFloatBuffer().put(values, 0, n);
        out.write(scratch.array(), 0, n * 4);
    }
}
