package dev.backdrop.diffusion;

import dev.backdrop.diffusion.noise.NoiseSource;
import dev.backdrop.diffusion.scheduler.Scheduler;
import dev.backdrop.diffusion.scheduler.SchedulerConfig;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times one scheduler's {@link Scheduler#step} alone, as CPU time of the calling thread per call,
 * on SD 1.5's 64×64×4 latents and scheduler config. Around each step it allocates what the
 * denoising loop allocates (the scaled input, the guided batch's output, the guided prediction),
 * because where the step's arrays lie relative to each other changes its speed. Its noise is a
 * fixed draw copied into place, so an ancestral step is timed without drawing Gaussian noise.
 * Each JVM compiles the step afresh and may compile it differently: compare builds over several
 * interleaved runs.
 */
public final class SchedulerStepBenchmark {

    private static final int LATENTS = 4 * 64 * 64;
    private static final int STEPS = 20;
    private static final int WARM_UP_ROUNDS = 3;
    private static final int ROUNDS = 5;
    private static final String SD15_CONFIG = "{\"beta_schedule\":\"scaled_linear\",\"beta_start\":0.00085,"
            + "\"beta_end\":0.012,\"timestep_spacing\":\"leading\",\"steps_offset\":1}";

    /** Microseconds of CPU per step call in each timed round. */
    public record Timing(SchedulerName scheduler, int callsPerRound, double[] roundMicros) {
        public double median() {
            double[] sorted = roundMicros.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }

        public String toText() {
            StringBuilder rounds = new StringBuilder();
            for (double micros : roundMicros) {
                rounds.append(rounds.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", micros));
            }
            return String.format(Locale.ROOT, "%s step, %d latents: %.1f us CPU per call (median of rounds %s; "
                    + "%d calls each)", scheduler, LATENTS, median(), rounds, callsPerRound);
        }
    }

    private SchedulerStepBenchmark() {
    }

    public static Timing time(SchedulerName name, int callsPerRound) {
        SplittableRandom random = new SplittableRandom(11);
        float[] start = gaussian(random);
        float[] unetRow = gaussian(random);
        float[] fixedNoise = gaussian(random);
        NoiseSource noise = out -> System.arraycopy(fixedNoise, 0, out, 0, out.length);
        Scheduler scheduler = name.create(SchedulerConfig.parse(SD15_CONFIG));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] roundMicros = new double[ROUNDS];
        float checksum = 0;
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            long cpuNanos = 0;
            int calls = 0;
            while (calls < callsPerRound) {
                scheduler.setTimesteps(STEPS);
                float[] latents = start;
                for (int i = 0; i < scheduler.timesteps().length && calls < callsPerRound; i++, calls++) {
                    float[] scaled = scheduler.scaleModelInput(latents, i);
                    float[] output = new float[2 * LATENTS];
                    System.arraycopy(unetRow, 0, output, 0, LATENTS);
                    System.arraycopy(scaled, 0, output, LATENTS, LATENTS);
                    float[] guided = new float[LATENTS];
                    for (int j = 0; j < LATENTS; j++) {
                        guided[j] = output[j] + 0.02f * (output[LATENTS + j] - output[j]);
                    }
                    long before = threads.getCurrentThreadCpuTime();
                    latents = scheduler.step(guided, i, latents, noise);
                    cpuNanos += threads.getCurrentThreadCpuTime() - before;
                    checksum += latents[i];
                }
            }
            if (round >= 0) {
                roundMicros[round] = cpuNanos / 1000.0 / callsPerRound;
            }
        }
        if (Float.isNaN(checksum)) { // keeps the results alive; never expected
            throw new IllegalStateException(name + " stepped to NaN");
        }
        return new Timing(name, callsPerRound, roundMicros);
    }

    private static float[] gaussian(SplittableRandom random) {
        float[] values = new float[LATENTS];
        for (int i = 0; i < LATENTS; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** {@code [SCHEDULER] [calls per round]}: a scheduler's API name, DPM2 Karras when none is given. */
    public static void main(String[] args) {
        SchedulerName name = SchedulerName.parse(args.length > 0 ? args[0] : null);
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        System.out.println(time(name, calls).toText());
    }
}
