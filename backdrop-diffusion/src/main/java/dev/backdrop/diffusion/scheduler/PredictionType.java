package dev.backdrop.diffusion.scheduler;

/** What the denoising model was trained to predict. */
public enum PredictionType {
    /** The added noise. */
    EPSILON("epsilon"),
    /** The velocity {@code alpha * noise - sigma * sample} (Salimans and Ho, 2022). */
    V_PREDICTION("v_prediction"),
    /** The clean sample itself. */
    SAMPLE("sample");

    private final String configName;

    PredictionType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static PredictionType fromConfigName(String name) {
        for (PredictionType type : values()) {
            if (type.configName.equals(name)) {
                return type;
            }
        }
        throw new InvalidSchedulerConfigException(
                "prediction_type \"" + name + "\" is not supported; use epsilon, v_prediction or sample");
    }

    /**
     * The clean-sample estimate for a sample in the variance-exploding form {@code x = x0 + sigma * noise}
     * (the input of the model being {@code x / sqrt(sigma^2 + 1)}).
     */
    double denoisedFromSigma(double modelOutput, double sample, double sigma) {
        return switch (this) {
            case EPSILON -> sample - sigma * modelOutput;
            case V_PREDICTION -> modelOutput * (-sigma / Math.sqrt(sigma * sigma + 1)) + sample / (sigma * sigma + 1);
            case SAMPLE -> modelOutput;
        };
    }
}
