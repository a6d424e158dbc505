package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;
import java.util.HashSet;
import java.util.Set;

/**
 * UniPC (Zhao et al., 2023): a multistep predictor (UniP) and, once the model has been evaluated at
 * the predicted point, a corrector (UniC) that refines it at no extra model cost.
 */
public final class UniPcScheduler extends SolverScheduler {

    private final DpmSolverAlgorithm algorithm;
    private final boolean bh2;
    private final int solverOrder;
    private final boolean lowerOrderFinal;
    private final FinalSigma finalSigma;
    private final Set<Integer> disableCorrector;

    private float[][] history;
    private int warmSteps;
    private float[] lastSample;
    private int lastOrder;

    public UniPcScheduler(SchedulerConfig config) {
        super(config);
        this.algorithm = config.predictX0() ? DpmSolverAlgorithm.DATA_PREDICTION : DpmSolverAlgorithm.NOISE_PREDICTION;
        String solverType = config.solverType().orElse("bh2");
        this.bh2 = switch (solverType) {
            case "bh2" -> true;
            case "bh1" -> false;
            // Configs written for DPM-Solver (midpoint/heun) fall back to the default.
            case "midpoint", "heun", "logrho" -> true;
            default -> throw new InvalidSchedulerConfigException(
                    "solver_type \"" + solverType + "\" is not supported by UniPC; use bh1 or bh2");
        };
        this.solverOrder = config.solverOrder();
        this.lowerOrderFinal = config.lowerOrderFinal().orElse(true);
        this.finalSigma = config.finalSigmasType().orElse(FinalSigma.ZERO);
        this.disableCorrector = new HashSet<>(config.disableCorrector());
        this.history = new float[solverOrder][];
    }

    @Override
    public void setTimesteps(int steps) {
        TimestepSpacing spacing = config.timestepSpacing().orElse(TimestepSpacing.LINSPACE);
        plan = SigmaSchedule.forSolvers(schedule, config, steps, schedule.trainSteps(), spacing, finalSigma, true);
        history = new float[solverOrder][];
        warmSteps = 0;
        lastSample = null;
        lastOrder = 0;
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        double[] sigmas = plan.sigmas();
        float[] converted = algorithm.convert(config.predictionType(), modelOutput, sample,
                SolverSigmas.of(sigmas[stepIndex]));
        boolean correct = stepIndex > 0 && !disableCorrector.contains(stepIndex - 1) && lastSample != null;
        if (correct) {
            sample = correct(converted, stepIndex, sample);
        }
        System.arraycopy(history, 1, history, 0, solverOrder - 1);
        history[solverOrder - 1] = converted;

        int order = lowerOrderFinal ? Math.min(solverOrder, plan.steps() - stepIndex) : solverOrder;
        order = Math.min(order, warmSteps + 1);
        lastOrder = order;
        lastSample = sample;
        float[] prev = predict(stepIndex, sample, order);
        if (warmSteps < solverOrder) {
            warmSteps++;
        }
        return prev;
    }

    /** UniP: from the latent at {@code stepIndex} to the next sigma. */
    private float[] predict(int stepIndex, float[] sample, int order) {
        double[] sigmas = plan.sigmas();
        SolverSigmas target = SolverSigmas.of(sigmas[stepIndex + 1]);
        SolverSigmas start = SolverSigmas.of(sigmas[stepIndex]);
        float[] m0 = history[solverOrder - 1];
        double h = target.lambda() - start.lambda();
        int differences = order - 1;
        double[] ratios = new double[differences];
        float[][] pastOutputs = new float[differences][];
        for (int i = 1; i < order; i++) {
            ratios[i - 1] = (SolverSigmas.of(sigmas[stepIndex - i]).lambda() - start.lambda()) / h;
            pastOutputs[i - 1] = history[solverOrder - 1 - i];
        }
        Phi phi = new Phi(h, order);
        double[] rhos;
        if (differences == 0) {
            rhos = new double[0];
        } else if (order == 2) {
            rhos = new double[] {0.5};
        } else {
            rhos = phi.solve(ratios, differences);
        }
        double[] weights = baseWeights(target, start, phi);
        float[] prev = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double m = m0[i];
            double residual = 0;
            for (int k = 0; k < differences; k++) {
                residual += rhos[k] * (pastOutputs[k][i] - m) / ratios[k];
            }
            prev[i] = (float) (weights[0] * sample[i] + weights[1] * m + weights[2] * residual);
        }
        return prev;
    }

    /** UniC: corrects the latent predicted by the previous step with the model output taken at it. */
    private float[] correct(float[] converted, int stepIndex, float[] sample) {
        double[] sigmas = plan.sigmas();
        int order = lastOrder;
        SolverSigmas target = SolverSigmas.of(sigmas[stepIndex]);
        SolverSigmas start = SolverSigmas.of(sigmas[stepIndex - 1]);
        float[] m0 = history[solverOrder - 1];
        double h = target.lambda() - start.lambda();
        int differences = order - 1;
        double[] ratios = new double[order];
        float[][] pastOutputs = new float[differences][];
        for (int i = 1; i < order; i++) {
            ratios[i - 1] = (SolverSigmas.of(sigmas[stepIndex - i - 1]).lambda() - start.lambda()) / h;
            pastOutputs[i - 1] = history[solverOrder - 1 - i];
        }
        ratios[order - 1] = 1;
        Phi phi = new Phi(h, order);
        double[] rhos = order == 1 ? new double[] {0.5} : phi.solve(ratios, order);
        double[] weights = baseWeights(target, start, phi);
        float[] corrected = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double m = m0[i];
            double residual = 0;
            for (int k = 0; k < differences; k++) {
                residual += rhos[k] * (pastOutputs[k][i] - m) / ratios[k];
            }
            residual += rhos[order - 1] * (converted[i] - m);
            corrected[i] = (float) (weights[0] * lastSample[i] + weights[1] * m + weights[2] * residual);
        }
        return corrected;
    }

    /** Weights of the start latent, of m0 and of the weighted differences in one update. */
    private double[] baseWeights(SolverSigmas target, SolverSigmas start, Phi phi) {
        if (algorithm.predictsData()) {
            return new double[] {target.sigma() / start.sigma(), -target.alpha() * phi.hPhi1,
                    -target.alpha() * phi.bh};
        }
        return new double[] {target.alpha() / start.alpha(), -target.sigma() * phi.hPhi1, -target.sigma() * phi.bh};
    }

    /** The phi-function terms of UniPC's order conditions for one step of size {@code h}. */
    private final class Phi {
        final double hh;
        final double hPhi1;
        final double bh;
        final int order;

        Phi(double h, int order) {
            this.hh = algorithm.predictsData() ? -h : h;
            this.hPhi1 = Math.expm1(hh);
            this.bh = bh2 ? Math.expm1(hh) : hh;
            this.order = order;
        }

        /** Solves {@code sum_k rhos_k * r_k^(i-1) = b_i} for i = 1..size, the UniPC order conditions. */
        double[] solve(double[] ratios, int size) {
            double[] b = new double[order];
            double hPhiK = hPhi1 / hh - 1;
            double factorial = 1;
            for (int i = 1; i <= order; i++) {
                b[i - 1] = hPhiK * factorial / bh;
                factorial *= i + 1;
                hPhiK = hPhiK / hh - 1 / factorial;
            }
            double[][] matrix = new double[size][size + 1];
            for (int i = 0; i < size; i++) {
                for (int k = 0; k < size; k++) {
                    matrix[i][k] = Math.pow(ratios[k], i);
                }
                matrix[i][size] = b[i];
            }
            return LinearSystem.solve(matrix);
        }
    }
}
