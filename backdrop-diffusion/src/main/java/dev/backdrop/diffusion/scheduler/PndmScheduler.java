package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Pseudo numerical methods for diffusion models (Liu et al., 2022): a few Runge-Kutta steps
 * (unless {@code skip_prk_steps}, the Stable Diffusion setting) to warm up, then a fourth-order
 * linear multistep method on the noise predictions.
 */
public final class PndmScheduler implements Scheduler {

    private static final int RUNGE_KUTTA_STEPS = 4;

    private final SchedulerConfig config;
    private final NoiseSchedule schedule;
    private final double finalAlphaCumprod;
    private int inferenceSteps;
    private int[] timesteps = new int[0];
    private int rungeKuttaCount;

    private int counter;
    private boolean warmUp;
    private final List<float[]> pastOutputs = new ArrayList<>();
    private double[] rungeKuttaSum;
    private float[] stepStartSample;

    public PndmScheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
        this.finalAlphaCumprod = config.setAlphaToOne().orElse(false) ? 1 : schedule.alphaCumprod(0);
    }

    @Override
    public void setTimesteps(int steps) {
        int[] descending = AlphaSteps.integerTimesteps(config, schedule, steps, TimestepSpacing.LEADING);
        inferenceSteps = steps;
        int n = descending.length;
        // Runge-Kutta warm-up needs four timesteps; shorter runs start with the Heun pair instead.
        if (config.skipPrkSteps() || n < RUNGE_KUTTA_STEPS) {
            // Highest first, with the second one repeated: the first multistep pair is a Heun step.
            if (n == 1) {
                timesteps = descending;
            } else {
                timesteps = new int[n + 1];
                timesteps[0] = descending[0];
                System.arraycopy(descending, 1, timesteps, 2, n - 1);
                timesteps[1] = descending[1];
            }
            rungeKuttaCount = 0;
        } else {
            int half = schedule.trainSteps() / steps / 2;
            // Three Runge-Kutta steps over the top four timesteps, each evaluating the model at
            // t, t - half, t - half and t - 2 * half.
            List<Integer> plan = new ArrayList<>();
            for (int k = 0; k < RUNGE_KUTTA_STEPS - 1; k++) {
                int t = descending[k];
                int next = descending[k + 1];
                plan.add(t);
                plan.add(next + half);
                plan.add(next + half);
                plan.add(next);
            }
            rungeKuttaCount = plan.size();
            for (int k = RUNGE_KUTTA_STEPS - 1; k < n; k++) {
                plan.add(descending[k]);
            }
            timesteps = plan.stream().mapToInt(Integer::intValue).toArray();
        }
        counter = 0;
        pastOutputs.clear();
        rungeKuttaSum = null;
        stepStartSample = null;
    }

    @Override
    public int inferenceSteps() {
        return inferenceSteps;
    }

    @Override
    public double[] timesteps() {
        return AlphaSteps.asDoubles(timesteps);
    }


    /**
     * The warm-up (the opening Heun pair, or the Runge-Kutta steps) needs the repeated timesteps at
     * the head of {@link #timesteps()}, so a run that starts later skips it: its first step is a
     * first-order one and the multistep order then grows with the outputs gathered. Step {@code k}
     * of such a run sits at index {@code k + 1} (or {@code k + 9} after Runge-Kutta, which cannot
     * start before step 3).
     */
    @Override
    public int startIndex(double strength) {
        int index = Scheduler.super.startIndex(strength);
        if (index == 0) {
            return 0;
        }
        if (rungeKuttaCount == 0) {
            return index + 1;
        }
        return Math.max(index, RUNGE_KUTTA_STEPS - 1) + rungeKuttaCount - (RUNGE_KUTTA_STEPS - 1);
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        if (counter == 0) {
            warmUp = stepIndex == 0;
        }
        float[] prev = warmUp && counter < rungeKuttaCount
                ? rungeKuttaStep(modelOutput, timesteps[stepIndex], sample)
                : multistepStep(modelOutput, timesteps[stepIndex], sample);
        counter++;
        return prev;
    }

    private float[] rungeKuttaStep(float[] modelOutput, int timestep, float[] sample) {
        int half = schedule.trainSteps() / inferenceSteps / 2;
        int prevTimestep = timestep - (counter % 2 == 1 ? 0 : half);
        int startTimestep = timesteps[counter / 4 * 4];
        float[] direction;
        switch (counter % 4) {
            case 0 -> {
                rungeKuttaSum = new double[sample.length];
                accumulate(modelOutput, 1.0 / 6);
                pastOutputs.add(modelOutput);
                stepStartSample = sample;
                direction = modelOutput;
            }
            case 1, 2 -> {
                accumulate(modelOutput, 1.0 / 3);
                direction = modelOutput;
            }
            default -> {
                direction = new float[sample.length];
                for (int i = 0; i < sample.length; i++) {
                    direction[i] = (float) (rungeKuttaSum[i] + modelOutput[i] / 6.0);
                }
                rungeKuttaSum = null;
            }
        }
        return previousSample(stepStartSample, startTimestep, prevTimestep, direction);
    }

    private void accumulate(float[] modelOutput, double weight) {
        for (int i = 0; i < modelOutput.length; i++) {
            rungeKuttaSum[i] += weight * modelOutput[i];
        }
    }

    private float[] multistepStep(float[] modelOutput, int timestep, float[] sample) {
        int stride = schedule.trainSteps() / inferenceSteps;
        int prevTimestep = timestep - stride;
        if (counter != 1 || !warmUp) {
            while (pastOutputs.size() > 3) {
                pastOutputs.remove(0);
            }
            pastOutputs.add(modelOutput);
        } else {
            // Second half of the opening Heun step: redo the first interval from its start.
            prevTimestep = timestep;
            timestep = timestep + stride;
        }
        int count = pastOutputs.size();
        float[] direction = new float[sample.length];
        float[] base = sample;
        if (count == 1 && counter == 0) {
            direction = modelOutput;
            stepStartSample = sample;
        } else if (count == 1 && counter == 1 && warmUp) {
            float[] first = pastOutputs.get(0);
            for (int i = 0; i < direction.length; i++) {
                direction[i] = (float) ((modelOutput[i] + (double) first[i]) / 2);
            }
            base = stepStartSample;
            stepStartSample = null;
        } else {
            float[] e1 = pastOutputs.get(count - 1);
            float[] e2 = pastOutputs.get(count - 2);
            for (int i = 0; i < direction.length; i++) {
                double value;
                if (count == 2) {
                    value = (3.0 * e1[i] - e2[i]) / 2;
                } else if (count == 3) {
                    value = (23.0 * e1[i] - 16.0 * e2[i] + 5.0 * pastOutputs.get(0)[i]) / 12;
                } else {
                    float[] e3 = pastOutputs.get(count - 3);
                    float[] e4 = pastOutputs.get(count - 4);
                    value = (55.0 * e1[i] - 59.0 * e2[i] + 37.0 * e3[i] - 9.0 * e4[i]) / 24;
                }
                direction[i] = (float) value;
            }
        }
        return previousSample(base, timestep, prevTimestep, direction);
    }

    /** Equation (9) of the PNDM paper: the transfer from {@code timestep} to {@code prevTimestep}. */
    private float[] previousSample(float[] sample, int timestep, int prevTimestep, float[] modelOutput) {
        // The opening Heun pair looks one stride above the top timestep, which may pass the last one.
        double alphaProd = schedule.alphaCumprod(Math.min(timestep, schedule.trainSteps() - 1));
        double alphaProdPrev = prevTimestep >= 0 ? schedule.alphaCumprod(prevTimestep) : finalAlphaCumprod;
        double betaProd = 1 - alphaProd;
        double betaProdPrev = 1 - alphaProdPrev;
        double sampleCoeff = Math.sqrt(alphaProdPrev / alphaProd);
        double denominator = alphaProd * Math.sqrt(betaProdPrev) + Math.sqrt(alphaProd * betaProd * alphaProdPrev);
        boolean velocity = config.predictionType() == PredictionType.V_PREDICTION;
        if (config.predictionType() == PredictionType.SAMPLE) {
            throw new InvalidSchedulerConfigException("PNDM supports prediction_type epsilon or v_prediction only");
        }
        float[] prev = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double eps = velocity
                    ? Math.sqrt(alphaProd) * modelOutput[i] + Math.sqrt(betaProd) * sample[i]
                    : modelOutput[i];
            prev[i] = (float) (sampleCoeff * sample[i] - (alphaProdPrev - alphaProd) * eps / denominator);
        }
        return prev;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return AlphaSteps.addNoise(schedule, original, noise, timesteps[stepIndex]);
    }
}
