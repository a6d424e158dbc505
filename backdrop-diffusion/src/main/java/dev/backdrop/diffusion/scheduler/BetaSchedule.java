package dev.backdrop.diffusion.scheduler;

/** How the per-step noise variances (betas) of training are laid out. */
public enum BetaSchedule {
    LINEAR("linear") {
        @Override
        double[] betas(int count, double start, double end) {
            return float32Linspace(start, end, count);
        }
    },
    /** Linear in sqrt(beta); the schedule of Stable Diffusion. */
    SCALED_LINEAR("scaled_linear") {
        @Override
        double[] betas(int count, double start, double end) {
            double[] roots = float32Linspace(Math.sqrt(start), Math.sqrt(end), count);
            for (int i = 0; i < count; i++) {
                roots[i] = (float) roots[i] * (float) roots[i];
            }
            return roots;
        }
    },
    /** The cosine schedule of Nichol and Dhariwal (2021), each beta capped at 0.999. */
    SQUAREDCOS_CAP_V2("squaredcos_cap_v2") {
        @Override
        double[] betas(int count, double start, double end) {
            double[] betas = new double[count];
            for (int i = 0; i < count; i++) {
                double t1 = (double) i / count;
                double t2 = (double) (i + 1) / count;
                betas[i] = Math.min(1 - cosineAlphaBar(t2) / cosineAlphaBar(t1), 0.999);
            }
            return betas;
        }
    };

    private final String configName;

    BetaSchedule(String configName) {
        this.configName = configName;
    }

    abstract double[] betas(int count, double start, double end);

    public String configName() {
        return configName;
    }

    static BetaSchedule fromConfigName(String name) {
        for (BetaSchedule schedule : values()) {
            if (schedule.configName.equals(name)) {
                return schedule;
            }
        }
        throw new InvalidSchedulerConfigException(
                "beta_schedule \"" + name + "\" is not supported; use linear, scaled_linear or squaredcos_cap_v2");
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /**
     * {@code count} float32 values from start to end as PyTorch's {@code linspace} computes them:
     * the first half counted up from start, the second half down from end, in float arithmetic.
     */
    static double[] float32Linspace(double start, double end, int count) {
        double[] values = new double[count];
        float from = (float) start;
        float to = (float) end;
        float step = count == 1 ? 0 : (to - from) / (count - 1);
        int halfway = count / 2;
        for (int i = 0; i < count; i++) {
            values[i] = i < halfway ? from + step * i : to - step * (count - i - 1);
        }
        return values;
    }

    static double[] linspace(double start, double end, int count) {
        double[] values = new double[count];
        if (count == 1) {
            values[0] = start;
            return values;
        }
        double step = (end - start) / (count - 1);
        for (int i = 0; i < count; i++) {
            values[i] = start + i * step;
        }
        values[count - 1] = end;
        return values;
    }
}
