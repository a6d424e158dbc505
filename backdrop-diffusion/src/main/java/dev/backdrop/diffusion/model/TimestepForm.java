package dev.backdrop.diffusion.model;

/**
 * How a UNet export takes its {@code timestep} input; exporters disagree, so the form is read
 * from the session's metadata.
 */
public enum TimestepForm {
    /** A float scalar (rank 0). */
    FLOAT_SCALAR(false, 0),
    /** An int64 scalar (rank 0). */
    INT64_SCALAR(true, 0),
    /** int64 {@code [batch]}. */
    INT64_BATCH(true, -1),
    /** float {@code [batch]}. */
    FLOAT_BATCH(false, -1),
    /** int64 {@code [1]}, one timestep for the whole batch. */
    INT64_ONE(true, 1);

    private final boolean integral;
    private final int length;

    TimestepForm(boolean integral, int length) {
        this.integral = integral;
        this.length = length;
    }

    public boolean integral() {
        return integral;
    }

    /** The tensor shape for a batch. */
    public long[] shape(int batch) {
        return switch (length) {
            case 0 -> new long[0];
            case 1 -> new long[] {1};
            default -> new long[] {batch};
        };
    }

    /** The form of a declared {@code timestep} input, or empty when none fits. */
    public static java.util.Optional<TimestepForm> of(TensorSignature timestep) {
        boolean integral = switch (timestep.type()) {
            case INT64, INT32 -> true;
            case FLOAT, FLOAT16, DOUBLE -> false;
            default -> throw new InvalidDiffusionModelException("unet timestep input " + timestep
                    + " must be a float or an integer");
        };
        int length = switch (timestep.rank()) {
            case 0 -> 0;
            case 1 -> timestep.dim(0) == 1 ? 1 : -1;
            default -> 2;
        };
        for (TimestepForm form : values()) {
            if (form.integral == integral && form.length == length) {
                return java.util.Optional.of(form);
            }
        }
        return java.util.Optional.empty();
    }

    /** True when the tensor has a batch dimension. */
    public boolean batched() {
        return length < 0;
    }
}
