package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.checkpoint.StoredTensor;

/**
 * A LoRA's update of one layer's weight, {@code factor · (up @ down)} with {@code factor = scale ·
 * alpha / rank}: {@code down} is {@code [rank, in]} for a linear layer and {@code [rank, in, kh, kw]}
 * for a convolution, {@code up} is {@code [out, rank]} or {@code [out, rank, 1, 1]}, so both
 * flatten to matrices whose product is the weight flattened to {@code [out, in·kh·kw]} (as diffusers
 * fuses {@code LoRACompatibleConv}). The factors stay in their memory-mapped file until read.
 */
record LowRankUpdate(StoredTensor up, StoredTensor down, double factor) {

    int rank() {
        return (int) down.shape()[0];
    }

    /** Both factors read as float32, ready to add to the weight. */
    Factors read() {
        return new Factors(up.floats(), down.floats(), rank(), factor);
    }

    /** The factors on the heap: {@code up} row-major {@code [out, rank]}, {@code down} {@code [rank, columns]}. */
    record Factors(float[] up, float[] down, int rank, double factor) {

        int columns() {
            return down.length / rank;
        }

        /**
         * Adds the update to rows {@code firstRow ..} of the weight flattened to {@code [out,
         * columns]}, held row after row in {@code values} from index 0. Sums in double and rounds
         * once, so the result is the nearest float to {@code W + factor · (up @ down)}.
         */
        void addTo(float[] values, int firstRow, int rows) {
            int columns = columns();
            double[] sum = new double[columns];
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(sum, 0);
                int upRow = (firstRow + r) * rank;
                for (int k = 0; k < rank; k++) {
                    double u = up[upRow + k];
                    int downRow = k * columns;
                    for (int c = 0; c < columns; c++) {
                        sum[c] += u * down[downRow + c];
                    }
                }
                int at = r * columns;
                for (int c = 0; c < columns; c++) {
                    values[at + c] = (float) (values[at + c] + factor * sum[c]);
                }
            }
        }
    }
}
