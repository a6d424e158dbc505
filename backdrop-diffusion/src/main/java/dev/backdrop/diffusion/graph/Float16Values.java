package dev.backdrop.diffusion.graph;

import ai.onnxruntime.platform.Fp16Conversions;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A float32 initializer written as float16: the source's little-endian float32 bytes are converted
 * as they stream past, so a checkpoint tensor still never sits on the heap whole. Finite values
 * beyond float16's range saturate to ±65504 rather than become infinite, so a mask of "minus the
 * largest float" stays the largest negative float16 (as {@code torch.finfo(dtype).min} would be).
 */
record Float16Values(TensorData source) implements TensorData {

    static final float MAX = 65504f;

    Float16Values {
        if (source.elementType() != OnnxGraphBuilder.FLOAT) {
            throw new IllegalArgumentException("only float32 values can be written as float16");
        }
    }

    @Override
    public int elementType() {
        return OnnxGraphBuilder.FLOAT16;
    }

    @Override
    public long[] shape() {
        return source.shape();
    }

    @Override
    public long byteSize() {
        return source.byteSize() / 2;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (Halving halving = new Halving(out)) {
            source.writeTo(halving);
        }
    }

    /** The float16 bits of {@code value}, saturating finite values at ±65504. */
    static short toHalf(float value) {
        float v = Float.isFinite(value) ? Math.max(-MAX, Math.min(MAX, value)) : value;
        return Fp16Conversions.floatToFp16(v);
    }

    /** Takes float32 bytes, gives float16 bytes, carrying a partial float across writes. */
    private static final class Halving extends OutputStream {
        private final OutputStream out;
        private final byte[] pending = new byte[4];
        private int held;
        private byte[] buffer = new byte[0];

        Halving(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int end = off + len;
            while (held > 0 && held < 4 && off < end) {
                pending[held++] = b[off++];
            }
            if (held == 4) {
                emit(pending, 0, 4);
                held = 0;
            }
            int whole = (end - off) & ~3;
            if (whole > 0) {
                emit(b, off, whole);
                off += whole;
            }
            while (off < end) {
                pending[held++] = b[off++];
            }
        }

        private void emit(byte[] b, int off, int len) throws IOException {
            if (buffer.length < len / 2) {
                buffer = new byte[len / 2];
            }
            for (int i = 0, o = 0; i < len; i += 4, o += 2) {
                int bits = (b[off + i] & 0xff) | (b[off + i + 1] & 0xff) << 8 | (b[off + i + 2] & 0xff) << 16
                        | (b[off + i + 3] & 0xff) << 24;
                short h = toHalf(Float.intBitsToFloat(bits));
                buffer[o] = (byte) h;
                buffer[o + 1] = (byte) (h >> 8);
            }
            out.write(buffer, 0, len / 2);
        }

        @Override
        public void close() throws IOException {
            if (held != 0) {
                throw new IOException("float32 values ended in the middle of a value (" + held + " stray bytes)");
            }
        }
    }
}
