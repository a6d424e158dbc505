package dev.backdrop.diffusion.scheduler;

/**
 * The update formulas of DPM-Solver and DPM-Solver++ (Lu et al., 2022, algorithms 1–2 and their
 * multistep and singlestep forms), shared by the multistep and singlestep schedulers. Each update
 * is a linear combination of the current latent and finite differences of past model outputs,
 * with coefficients from {@code h = lambda_target - lambda_start}.
 */
final class DpmSolverSteps {

    private DpmSolverSteps() {
    }

    static boolean isMidpoint(SchedulerConfig config) {
        String type = config.solverType().orElse("midpoint");
        return switch (type) {
            case "midpoint" -> true;
            case "heun" -> false;
            // Configs written for other solvers (UniPC's bh1/bh2) fall back to the default.
            case "bh1", "bh2", "logrho" -> true;
            default -> throw new InvalidSchedulerConfigException(
                    "solver_type \"" + type + "\" is not supported by DPM-Solver; use midpoint or heun");
        };
    }

    /**
     * A multistep update of the given order from {@code past[0]} (the current point) to
     * {@code target}, with {@code outputs[j]} the converted model output at {@code past[j]}.
     */
    static float[] multistep(DpmSolverAlgorithm algorithm, boolean midpoint, SolverSigmas target,
                             SolverSigmas[] past, float[][] outputs, float[] sample, float[] noise) {
        int order = past.length;
        SolverSigmas s0 = past[0];
        double h = target.lambda() - s0.lambda();
        Coefficients c = coefficients(algorithm, midpoint, order, target, s0, h);
        float[] prev = new float[sample.length];
        if (order == 1) {
            for (int i = 0; i < sample.length; i++) {
                prev[i] = (float) (c.sample * sample[i] + c.d0 * outputs[0][i] + c.noise(noise, i));
            }
        } else if (order == 2) {
            double r0 = (s0.lambda() - past[1].lambda()) / h;
            for (int i = 0; i < sample.length; i++) {
                double m0 = outputs[0][i];
                double d1 = (m0 - outputs[1][i]) / r0;
                prev[i] = (float) (c.sample * sample[i] + c.d0 * m0 + c.d1 * d1 + c.noise(noise, i));
            }
        } else {
            double r0 = (s0.lambda() - past[1].lambda()) / h;
            double r1 = (past[1].lambda() - past[2].lambda()) / h;
            for (int i = 0; i < sample.length; i++) {
                double m0 = outputs[0][i];
                double m1 = outputs[1][i];
                double m2 = outputs[2][i];
                double d10 = (m0 - m1) / r0;
                double d11 = (m1 - m2) / r1;
                double d1 = d10 + r0 / (r0 + r1) * (d10 - d11);
                double d2 = (d10 - d11) / (r0 + r1);
                prev[i] = (float) (c.sample * sample[i] + c.d0 * m0 + c.d1 * d1 + c.d2 * d2 + c.noise(noise, i));
            }
        }
        return prev;
    }

    /**
     * A singlestep update of the given order from {@code start} to {@code target} through the
     * intermediate points {@code inner} (closest to {@code start} first), with {@code outputs[0]}
     * the model output at {@code start} and {@code outputs[j]} the one at {@code inner[j - 1]}.
     */
    static float[] singlestep(DpmSolverAlgorithm algorithm, boolean midpoint, SolverSigmas target,
                              SolverSigmas start, SolverSigmas[] inner, float[][] outputs, float[] sample) {
        int order = outputs.length;
        double h = target.lambda() - start.lambda();
        Coefficients c = coefficients(algorithm, midpoint, order, target, start, h);
        if (order == 1) {
            return LatentArithmetic.sum(c.sample, sample, c.d0, outputs[0]);
        }
        float[] prev = new float[sample.length];
        if (order == 2) {
            double r0 = (inner[0].lambda() - start.lambda()) / h;
            for (int i = 0; i < sample.length; i++) {
                double mStart = outputs[0][i];
                double d1 = (outputs[1][i] - mStart) / r0;
                prev[i] = (float) (c.sample * sample[i] + c.d0 * mStart + c.d1 * d1);
            }
        } else {
            // inner[0] is the first intermediate point (r1), inner[1] the second (r0).
            double r1 = (inner[0].lambda() - start.lambda()) / h;
            double r0 = (inner[1].lambda() - start.lambda()) / h;
            for (int i = 0; i < sample.length; i++) {
                double m2 = outputs[0][i];
                double m1 = outputs[1][i];
                double m0 = outputs[2][i];
                double d10 = (m1 - m2) / r1;
                double d11 = (m0 - m2) / r0;
                double value;
                if (midpoint) {
                    value = c.sample * sample[i] + c.d0 * m2 + c.d1 * d11;
                } else {
                    double d1 = (r0 * d10 - r1 * d11) / (r0 - r1);
                    double d2 = 2.0 * (d11 - d10) / (r0 - r1);
                    value = c.sample * sample[i] + c.d0 * m2 + c.d1 * d1 + c.d2 * d2;
                }
                prev[i] = (float) value;
            }
        }
        return prev;
    }

    /** {@code alpha * x0 + sigma * noise}. */
    static float[] addNoise(float[] original, float[] noise, SolverSigmas at) {
        return LatentArithmetic.sum(at.alpha(), original, at.sigma(), noise);
    }

    /** Weights of the latent, D0, D1, D2 and noise in one update. */
    private record Coefficients(double sample, double d0, double d1, double d2, double noiseScale) {

        double noise(float[] noise, int i) {
            return noise == null ? 0 : noiseScale * noise[i];
        }
    }

    private static Coefficients coefficients(DpmSolverAlgorithm algorithm, boolean midpoint, int order,
                                             SolverSigmas t, SolverSigmas s, double h) {
        switch (algorithm) {
            case DATA_PREDICTION -> {
                double phi = Math.expm1(-h); // e^{-h} - 1
                double d1 = order == 2 && midpoint ? -0.5 * t.alpha() * phi : t.alpha() * (phi / h + 1);
                double d2 = -t.alpha() * ((phi + h) / (h * h) - 0.5);
                return new Coefficients(t.sigma() / s.sigma(), -t.alpha() * phi, d1, d2, 0);
            }
            case NOISE_PREDICTION -> {
                double phi = Math.expm1(h); // e^{h} - 1
                double d1 = order == 2 && midpoint ? -0.5 * t.sigma() * phi : -t.sigma() * (phi / h - 1);
                double d2 = -t.sigma() * ((phi - h) / (h * h) - 0.5);
                return new Coefficients(t.alpha() / s.alpha(), -t.sigma() * phi, d1, d2, 0);
            }
            default -> {
                double decay = -Math.expm1(-2 * h); // 1 - e^{-2h}
                double d1 = order == 2 && midpoint ? 0.5 * t.alpha() * decay
                        : t.alpha() * (decay / (-2 * h) + 1);
                return new Coefficients(t.sigma() / s.sigma() * Math.exp(-h), t.alpha() * decay, d1, 0,
                        t.sigma() * Math.sqrt(decay));
            }
        }
    }
}
