package dev.backdrop.diffusion.model;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.backdrop.onnx.OnnxEnvironment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * Makes input tensors in the dtype a graph declares and reads float outputs of any float dtype,
 * so float16 exports run with the same pipeline code as float32 ones. Every tensor made here is
 * owned by the caller, who closes it.
 */
public final class Tensors {

    private static final OrtEnvironment ENV = OnnxEnvironment.get();

    private Tensors() {
    }

    /** A float tensor of the signature's dtype (float32 or float16). */
    public static OnnxTensor floats(TensorSignature target, float[] data, long... shape) {
        try {
            if (target.type() == OnnxJavaType.FLOAT16) {
                ShortBuffer half = ByteBuffer.allocateDirect(data.length * 2).order(ByteOrder.nativeOrder())
                        .asShortBuffer();
                for (float v : data) {
                    half.put(Fp16Conversions.floatToFp16(v));
                }
                half.rewind();
                return OnnxTensor.createTensor(ENV, half, shape, OnnxJavaType.FLOAT16);
            }
            if (target.type() != OnnxJavaType.FLOAT) {
                throw new InvalidDiffusionModelException("input " + target + " must be float32 or float16");
            }
            return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(data), shape);
        } catch (OrtException e) {
            throw new DiffusionRunException("cannot make tensor " + target.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A float32 tensor over a direct buffer the caller keeps (no copy): what is written to the
     * buffer between runs is what the next run reads, and a run given the tensor as a pinned output
     * writes into the buffer. Close the tensor before dropping the buffer.
     */
    public static OnnxTensor wrap(FloatBuffer direct, long... shape) {
        try {
            return OnnxTensor.createTensor(ENV, direct.rewind(), shape);
        } catch (OrtException e) {
            throw new DiffusionRunException("cannot make tensor: " + e.getMessage(), e);
        }
    }

    /** A direct buffer in native order for {@link #wrap}. */
    public static FloatBuffer directFloats(int count) {
        return ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** An integer tensor (int32 or int64, as the signature asks) or a float one holding whole numbers. */
    public static OnnxTensor numbers(TensorSignature target, long[] data, long... shape) {
        try {
            return switch (target.type()) {
                case INT64 -> OnnxTensor.createTensor(ENV, LongBuffer.wrap(data), shape);
                case INT32 -> {
                    int[] ints = new int[data.length];
                    for (int i = 0; i < ints.length; i++) {
                        ints[i] = Math.toIntExact(data[i]);
                    }
                    yield OnnxTensor.createTensor(ENV, IntBuffer.wrap(ints), shape);
                }
                case FLOAT, FLOAT16 -> {
                    float[] floats = new float[data.length];
                    for (int i = 0; i < floats.length; i++) {
                        floats[i] = data[i];
                    }
                    yield floats(target, floats, shape);
                }
                default -> throw new InvalidDiffusionModelException("input " + target + " must be int32 or int64");
            };
        } catch (OrtException e) {
            throw new DiffusionRunException("cannot make tensor " + target.name() + ": " + e.getMessage(), e);
        }
    }

    /** The values of a float32 or float16 output tensor, as float32. */
    public static float[] read(OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new DiffusionRunException("expected a tensor output, got " + value.getType(), null);
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        if (buffer == null) {
            throw new DiffusionRunException("output of type " + tensor.getInfo().type + " is not floating point", null);
        }
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    public static long[] shape(OnnxValue value) {
        return ((OnnxTensor) value).getInfo().getShape();
    }

    /** A timestep tensor in the form the graph declares: {@code count} copies, integral or float. */
    public static OnnxTensor timestep(TensorSignature signature, TimestepForm form, double t, int count) {
        long[] shape = form.shape(count);
        int length = shape.length == 0 ? 1 : (int) shape[0];
        if (form.integral()) {
            long[] values = new long[length];
            Arrays.fill(values, Math.round(t));
            return Tensors.numbers(signature, values, shape);
        }
        float[] values = new float[length];
        Arrays.fill(values, (float) t);
        return Tensors.floats(signature, values, shape);
    }

    /** A float scalar, [1] or [batch] tensor, as the input declares. */
    public static OnnxTensor scalarLike(TensorSignature signature, float value, int count) {
        long[] shape = signature.rank() == 0 ? new long[0]
                : new long[] {signature.fixed(0) ? signature.dim(0) : count};
        int length = shape.length == 0 ? 1 : (int) shape[0];
        float[] values = new float[length];
        Arrays.fill(values, value);
        return Tensors.floats(signature, values, shape);
    }
}
