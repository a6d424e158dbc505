package dev.backdrop.diffusion.model;

import ai.onnxruntime.OnnxJavaType;
import java.util.Arrays;

/**
 * A graph input or output as the session's metadata declares it; dynamic dimensions are -1.
 */
public record TensorSignature(String name, OnnxJavaType type, long[] shape) {

    public TensorSignature {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code axis}, or -1 when it is dynamic. */
    public long dim(int axis) {
        return shape[axis] < 0 ? -1 : shape[axis];
    }

    public boolean fixed(int axis) {
        return shape[axis] > 0;
    }

    /** Whether values are floating point (float32 or float16), which the pipeline can feed. */
    public boolean floating() {
        return type == OnnxJavaType.FLOAT || type == OnnxJavaType.FLOAT16;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSignature t && t.name.equals(name) && t.type == type && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type.name().toLowerCase() + Arrays.toString(shape).replace("-1", "?");
    }
}
