package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Singlestep DPM-Solver (Lu et al., 2022): steps are grouped in runs of 1, 2(, 3) model
 * evaluations; each run starts from its first latent and its last evaluation completes a
 * higher-order step across the whole run.
 */
public final class DpmSolverSinglestepScheduler extends SolverScheduler {

    private final DpmSolverAlgorithm algorithm;
    private final boolean midpoint;
    private final int solverOrder;
    private final FinalSigma finalSigma;
    private int[] orders = new int[0];

    private float[][] history;
    private float[] runStart;

    public DpmSolverSinglestepScheduler(SchedulerConfig config) {
        super(config);
        this.algorithm = DpmSolverAlgorithm.fromConfigName(config.algorithmType());
        if (algorithm == DpmSolverAlgorithm.SDE_DATA_PREDICTION) {
            throw new InvalidSchedulerConfigException(
                    "singlestep DPM-Solver supports algorithm_type dpmsolver++ or dpmsolver");
        }
        this.midpoint = DpmSolverSteps.isMidpoint(config);
        this.solverOrder = config.solverOrder();
        this.finalSigma = config.finalSigmasType().orElse(FinalSigma.ZERO);
        this.history = new float[solverOrder][];
    }

    @Override
    public void setTimesteps(int steps) {
        int last = SolverSigmas.lastTimestep(schedule, config.lambdaMinClipped());
        boolean round = config.betaSchedule() != BetaSchedule.SQUAREDCOS_CAP_V2;
        plan = SigmaSchedule.forSolvers(schedule, config, steps, last, TimestepSpacing.LINSPACE, finalSigma, round);
        int planned = plan.steps();
        boolean lowerOrderFinal = config.lowerOrderFinal().orElse(false)
                || planned % solverOrder != 0 || finalSigma == FinalSigma.ZERO;
        orders = orders(planned, lowerOrderFinal);
        history = new float[solverOrder][];
        runStart = null;
    }

    /** The order of each step: runs of 1, 2(, 3), shortened at the end when asked. */
    private int[] orders(int steps, boolean lowerOrderFinal) {
        List<Integer> list = new ArrayList<>();
        int runs;
        if (lowerOrderFinal) {
            int rest = steps % solverOrder;
            runs = steps / solverOrder;
            if (solverOrder == 3 && rest == 0) {
                runs -= 1;
                rest = -1; // ends with 1, 2, then 1
            } else if (solverOrder == 2 && rest == 0) {
                runs -= 1;
                rest = -2; // ends with 1, 1
            }
            for (int r = 0; r < runs; r++) {
                for (int o = 1; o <= solverOrder; o++) {
                    list.add(o);
                }
            }
            switch (rest) {
                case -1 -> list.addAll(List.of(1, 2, 1));
                case -2 -> list.addAll(List.of(1, 1));
                case 1 -> list.add(1);
                case 2 -> list.addAll(List.of(1, 2));
                default -> {
                }
            }
        } else {
            for (int r = 0; r < steps / solverOrder; r++) {
                for (int o = 1; o <= solverOrder; o++) {
                    list.add(o);
                }
            }
        }
        if (finalSigma == FinalSigma.ZERO && !list.isEmpty()) {
            list.set(list.size() - 1, 1);
        }
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        double[] sigmas = plan.sigmas();
        float[] converted = algorithm.convert(config.predictionType(), modelOutput, sample,
                SolverSigmas.of(sigmas[stepIndex]));
        System.arraycopy(history, 1, history, 0, solverOrder - 1);
        history[solverOrder - 1] = converted;

        int order = orders[stepIndex];
        while (history[solverOrder - order] == null) {
            order--;
        }
        if (order == 1) {
            runStart = sample;
        }
        int start = stepIndex - (order - 1);
        SolverSigmas[] inner = new SolverSigmas[order - 1];
        for (int j = 0; j < order - 1; j++) {
            inner[j] = SolverSigmas.of(sigmas[start + 1 + j]);
        }
        float[][] outputs = new float[order][];
        for (int j = 0; j < order; j++) {
            outputs[j] = history[solverOrder - order + j];
        }
        return DpmSolverSteps.singlestep(algorithm, midpoint, SolverSigmas.of(sigmas[stepIndex + 1]),
                SolverSigmas.of(sigmas[start]), inner, outputs, runStart);
    }
}
