package dev.backdrop.diffusion.scheduler;

/** Gaussian elimination with partial pivoting for the tiny systems of the solver order conditions. */
final class LinearSystem {

    private LinearSystem() {
    }

    /** Solves the system given as an augmented {@code n x (n+1)} matrix, which it overwrites. */
    static double[] solve(double[][] augmented) {
        int n = augmented.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(augmented[row][col]) > Math.abs(augmented[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swap = augmented[col];
            augmented[col] = augmented[pivot];
            augmented[pivot] = swap;
            for (int row = col + 1; row < n; row++) {
                double factor = augmented[row][col] / augmented[col][col];
                for (int k = col; k <= n; k++) {
                    augmented[row][k] -= factor * augmented[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = augmented[row][n];
            for (int k = row + 1; k < n; k++) {
                sum -= augmented[row][k] * x[k];
            }
            x[row] = sum / augmented[row][row];
        }
        return x;
    }
}
