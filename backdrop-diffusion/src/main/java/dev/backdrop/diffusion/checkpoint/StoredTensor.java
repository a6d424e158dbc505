package dev.backdrop.diffusion.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One tensor of a safetensors file: its header entry, and its bytes read on demand through a
 * memory map of just its own range.
 *
 * @param begin offset of its first byte from the start of the data section
 * @param end   offset one past its last byte
 */
public record StoredTensor(SafetensorsFile file, String name, DType dtype, long[] shape, long begin, long end) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long byteSize() {
        return end - begin;
    }

    /** Its little-endian bytes, mapped from the file (not copied). */
    public ByteBuffer bytes() {
        return file.map(this);
    }

    /** All its values as float32 (from F32, F16, BF16 or F64). */
    public float[] floats() {
        requireFloat();
        long count = elementCount();
        if (count > Integer.MAX_VALUE) {
            throw new InvalidCheckpointException(describe() + " is too large to read at once");
        }
        ByteBuffer data = bytes();
        float[] out = new float[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.floatAt(data, i);
        }
        return out;
    }

    /** Elements {@code [from, from + count)} as float32 into {@code out}, for reading a large tensor in pieces. */
    public void floats(long from, float[] out, int count) {
        requireFloat();
        ByteBuffer data = file.map(this, from * dtype.bytes(), (long) count * dtype.bytes());
        for (int i = 0; i < count; i++) {
            out[i] = dtype.floatAt(data, i);
        }
    }

    /** All its values as longs (integer types), e.g. {@code position_ids}. */
    public long[] longs() {
        if (dtype.readableAsFloat()) {
            throw new InvalidCheckpointException(describe() + " holds " + dtype + ", not integers");
        }
        ByteBuffer data = bytes();
        long[] out = new long[(int) elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.longAt(data, i);
        }
        return out;
    }

    void requireFloat() {
        if (!dtype.readableAsFloat()) {
            throw new InvalidCheckpointException(describe() + " has dtype " + dtype
                    + ", which cannot be converted: weights must be F32, F16, BF16 or F64");
        }
    }

    /** {@code "name" [shape] DTYPE in FILE}, for messages. */
    public String describe() {
        return "tensor \"" + name + "\" " + Arrays.toString(shape) + " " + dtype + " in " + file.path().getFileName();
    }
}
