package dev.backdrop.diffusion.scheduler;

/** The variants of DPM-Solver (Lu et al., 2022) that the solver schedulers implement. */
enum DpmSolverAlgorithm {
    /** DPM-Solver++: solves for the clean-sample prediction; the one for guided sampling. */
    DATA_PREDICTION("dpmsolver++"),
    /** The original DPM-Solver, solving for the noise prediction. */
    NOISE_PREDICTION("dpmsolver"),
    /** DPM-Solver++ on the reverse SDE: stochastic, needs noise at every step. */
    SDE_DATA_PREDICTION("sde-dpmsolver++");

    private final String configName;

    DpmSolverAlgorithm(String configName) {
        this.configName = configName;
    }

    static DpmSolverAlgorithm fromConfigName(String name) {
        for (DpmSolverAlgorithm algorithm : values()) {
            if (algorithm.configName.equals(name)) {
                return algorithm;
            }
        }
        throw new InvalidSchedulerConfigException("algorithm_type \"" + name
                + "\" is not supported; use dpmsolver++, dpmsolver or sde-dpmsolver++");
    }

    boolean predictsData() {
        return this != NOISE_PREDICTION;
    }

    /** The model output converted to what this algorithm integrates (x0 or epsilon), element-wise. */
    float[] convert(PredictionType type, float[] modelOutput, float[] sample, SolverSigmas at) {
        float[] converted = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double out = modelOutput[i];
            double x = sample[i];
            double value;
            if (predictsData()) {
                value = switch (type) {
                    case EPSILON -> (x - at.sigma() * out) / at.alpha();
                    case SAMPLE -> out;
                    case V_PREDICTION -> at.alpha() * x - at.sigma() * out;
                };
            } else {
                value = switch (type) {
                    case EPSILON -> out;
                    case SAMPLE -> (x - at.alpha() * out) / at.sigma();
                    case V_PREDICTION -> at.alpha() * out + at.sigma() * x;
                };
            }
            converted[i] = (float) value;
        }
        return converted;
    }
}
