package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/**
 * Multistep DPM-Solver (Lu et al., 2022), by default DPM-Solver++(2M): each step reuses the
 * previous model outputs to reach second (or third) order with one model evaluation.
 */
public final class DpmSolverMultistepScheduler extends SolverScheduler {

    private final DpmSolverAlgorithm algorithm;
    private final boolean midpoint;
    private final int solverOrder;
    private final boolean lowerOrderFinal;
    private final FinalSigma finalSigma;

    private float[][] history;
    private int warmSteps;

    public DpmSolverMultistepScheduler(SchedulerConfig config) {
        super(config);
        this.algorithm = DpmSolverAlgorithm.fromConfigName(config.algorithmType());
        this.midpoint = DpmSolverSteps.isMidpoint(config);
        this.solverOrder = config.solverOrder();
        this.lowerOrderFinal = config.lowerOrderFinal().orElse(true);
        this.finalSigma = config.finalSigmasType().orElse(FinalSigma.ZERO);
        if (algorithm == DpmSolverAlgorithm.SDE_DATA_PREDICTION && solverOrder == 3) {
            throw new InvalidSchedulerConfigException("sde-dpmsolver++ supports solver_order 1 or 2");
        }
        this.history = new float[solverOrder][];
    }

    @Override
    public void setTimesteps(int steps) {
        int last = SolverSigmas.lastTimestep(schedule, config.lambdaMinClipped());
        TimestepSpacing spacing = config.timestepSpacing().orElse(TimestepSpacing.LINSPACE);
        boolean round = config.betaSchedule() != BetaSchedule.SQUAREDCOS_CAP_V2;
        plan = SigmaSchedule.forSolvers(schedule, config, steps, last, spacing, finalSigma, round);
        history = new float[solverOrder][];
        warmSteps = 0;
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        int n = plan.steps();
        boolean finalFirstOrder = stepIndex == n - 1
                && (config.eulerAtFinal() || (lowerOrderFinal && n < 15) || finalSigma == FinalSigma.ZERO);
        boolean finalSecondOrder = stepIndex == n - 2 && lowerOrderFinal && n < 15;

        double[] sigmas = plan.sigmas();
        float[] converted = algorithm.convert(config.predictionType(), modelOutput, sample,
                SolverSigmas.of(sigmas[stepIndex]));
        System.arraycopy(history, 1, history, 0, solverOrder - 1);
        history[solverOrder - 1] = converted;

        float[] fresh = algorithm == DpmSolverAlgorithm.SDE_DATA_PREDICTION ? noise.next(sample.length) : null;
        int order;
        if (solverOrder == 1 || warmSteps < 1 || finalFirstOrder) {
            order = 1;
        } else if (solverOrder == 2 || warmSteps < 2 || finalSecondOrder) {
            order = 2;
        } else {
            order = 3;
        }
        SolverSigmas target = SolverSigmas.of(sigmas[stepIndex + 1]);
        SolverSigmas[] past = new SolverSigmas[order];
        float[][] outputs = new float[order][];
        for (int j = 0; j < order; j++) {
            past[j] = SolverSigmas.of(sigmas[stepIndex - j]);
            outputs[j] = history[solverOrder - 1 - j];
        }
        float[] prev = DpmSolverSteps.multistep(algorithm, midpoint, target, past, outputs, sample, fresh);
        if (warmSteps < solverOrder) {
            warmSteps++;
        }
        return prev;
    }
}
