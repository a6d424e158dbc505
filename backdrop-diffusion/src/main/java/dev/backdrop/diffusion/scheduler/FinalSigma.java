package dev.backdrop.diffusion.scheduler;

/** Where the last step of a sigma schedule ends. */
public enum FinalSigma {
    /** At sigma 0: the last step returns the clean-sample estimate. */
    ZERO("zero"),
    /** At the smallest training sigma, the one of timestep 0. */
    SIGMA_MIN("sigma_min");

    private final String configName;

    FinalSigma(String configName) {
        this.configName = configName;
    }

    static FinalSigma fromConfigName(String name) {
        for (FinalSigma value : values()) {
            if (value.configName.equals(name)) {
                return value;
            }
        }
        throw new InvalidSchedulerConfigException(
                "final_sigmas_type \"" + name + "\" is not supported; use zero or sigma_min");
    }
}
