package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.checkpoint.StoredTensor;
import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import dev.backdrop.diffusion.graph.TensorData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A layer's weight with a LoRA update fused in, {@code W + factor · (up @ down)}, computed from the
 * memory-mapped tensors when the graph is written: a convolution a block of output channels at a
 * time, a linear layer (written transposed, for {@code x · W}) one matrix at a time, so no more of
 * the checkpoint is on the heap than for the plain weight.
 *
 * @param shape the initializer's shape: the stored one, or {@code [in, out]} when transposed
 */
record FusedTensorData(StoredTensor weight, LowRankUpdate update, long[] shape, boolean transposed)
        implements TensorData {

    private static final int PIECE = 1 << 18;

    static FusedTensorData of(StoredTensor weight, LowRankUpdate update) {
        return new FusedTensorData(weight, update, weight.shape(), false);
    }

    /** A linear layer's {@code [out, in]} weight as {@code [in, out]}. */
    static FusedTensorData transposed(StoredTensor weight, LowRankUpdate update) {
        long[] s = weight.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException(weight.describe() + " is not a matrix");
        }
        return new FusedTensorData(weight, update, new long[] {s[1], s[0]}, true);
    }

    @Override
    public int elementType() {
        return OnnxGraphBuilder.FLOAT;
    }

    @Override
    public long byteSize() {
        return weight.elementCount() * 4;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        LowRankUpdate.Factors factors = update.read();
        int rows = (int) weight.shape()[0];
        int columns = factors.columns();
        if (transposed) {
            float[] values = weight.floats();
            factors.addTo(values, 0, rows);
            CheckpointTensorData.writeTransposed(values, rows, columns, out);
            return;
        }
        int blockRows = Math.max(1, Math.min(rows, PIECE / columns));
        float[] block = new float[blockRows * columns];
        ByteBuffer bytes = ByteBuffer.allocate(block.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int first = 0; first < rows; first += blockRows) {
            int n = Math.min(blockRows, rows - first);
            weight.floats((long) first * columns, block, n * columns);
            factors.addTo(block, first, n);
            CheckpointTensorData.writeFloats(block, n * columns, bytes, out);
        }
    }
}
