package dev.backdrop.diffusion.checkpoint;

import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/** The element types a safetensors header may name, with their sizes and how to read them as floats. */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1), F8_E4M3(1), F8_E5M2(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** Whether the converter can read weights of this type (as float32). */
    public boolean readableAsFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    public static Optional<DType> of(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** Reads element {@code index} of a little-endian buffer of this type as a float. */
    float floatAt(ByteBuffer data, int index) {
        return switch (this) {
            case F32 -> data.getFloat(index * 4);
            case F16 -> Fp16Conversions.fp16ToFloat(data.getShort(index * 2));
            case BF16 -> Fp16Conversions.bf16ToFloat(data.getShort(index * 2));
            case F64 -> (float) data.getDouble(index * 8);
            default -> throw new IllegalStateException(this + " is not a float type");
        };
    }

    /** Reads element {@code index} of a little-endian buffer of this type as a long (integer types). */
    long longAt(ByteBuffer data, int index) {
        return switch (this) {
            case I64 -> data.getLong(index * 8);
            case I32 -> data.getInt(index * 4);
            case I16 -> data.getShort(index * 2);
            case I8 -> data.get(index);
            case U8, BOOL -> data.get(index) & 0xFF;
            default -> throw new IllegalStateException(this + " is not an integer type");
        };
    }
}
