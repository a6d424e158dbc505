package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.diffusion.convert.ReferenceCase;
import dev.backdrop.diffusion.noise.NoiseSource;
import dev.backdrop.diffusion.noise.TorchCompatibleNoise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs a scheduler golden case recorded (the loop of {@code src/test/reference/schedulers.py}:
 * a pipeline-like loop with a fixed stand-in for the UNet, every random draw kept), replayed
 * against a Java scheduler: timesteps, initial noise sigma, start index, initial latents, and per
 * step the model input and the latents after the step must agree within
 * {@link ReferenceCase#TOLERANCE}. Noise comes either from the reference's recorded draws, each
 * handed to the step that drew it ({@link #replayedDraws}), so a wrong formula shows at the step
 * it is in, or from the project's torch-compatible noise with the reference's seed.
 */
final class RecordedRuns {

    /** The seed of the generator the reference hands to every step of a run. */
    static final long STEP_SEED = 1102;

    final ReferenceCase ref;
    /** The case's {@code io.json}. */
    final JsonNode about;

    RecordedRuns(ReferenceCase ref) {
        this.ref = ref;
        try {
            about = new ObjectMapper().readTree(ref.dir.resolve("io.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A run where the project knowingly differs from diffusers v0.27.2: it must agree up to
     * {@code where} (the start of the first failing check's message) and differ there, so a
     * departure that disappears or moves is noticed.
     */
    record Departure(String where, String why) {
    }

    /** Called before each step with its index, so the noise source knows which step draws. */
    interface StepWatcher {
        StepWatcher NONE = stepIndex -> { };

        void before(int stepIndex);

        default void after(int stepIndex) {
        }
    }

    /** {@link #runAndCompare}, or, where {@code departures} lists the run, the documented difference. */
    void compare(Scheduler scheduler, JsonNode run, int steps, NoiseSource noise, StepWatcher watcher,
                 Map<String, Departure> departures) {
        Departure departure = departures.get(run.get("prefix").asText());
        if (departure == null) {
            runAndCompare(scheduler, run, steps, noise, watcher);
        } else {
            assertThatThrownBy(() -> runAndCompare(scheduler, run, steps, noise, watcher))
                    .as("a deliberate departure from the reference: %s", departure.why())
                    .hasMessageStartingWith("[" + departure.where());
        }
    }

    void runAndCompare(Scheduler scheduler, JsonNode run, int steps, NoiseSource noise, StepWatcher watcher) {
        String prefix = run.get("prefix").asText();
        double strength = run.get("strength").asDouble();
        scheduler.setTimesteps(steps);

        float[] expectedTimesteps = ref.tensor(prefix + ".timesteps").floats();
        double[] timesteps = scheduler.timesteps();
        assertThat(timesteps).as("%s: timesteps", prefix).hasSize(expectedTimesteps.length);
        for (int i = 0; i < timesteps.length; i++) {
            // The KDPM2 schedulers interpolate timesteps between sigmas, which diffusers does in
            // float32: those agree to rounding; whole ones differ by 1 when wrong.
            assertThat(timesteps[i]).as("%s: timesteps[%d] (all: %s)", prefix, i, Arrays.toString(timesteps))
                    .isCloseTo(expectedTimesteps[i], within(1e-3));
        }
        ref.assertMatches(prefix + ".init_noise_sigma", new float[] {(float) scheduler.initNoiseSigma()});

        int start = scheduler.startIndex(strength);
        assertThat(start).as("%s: start index at strength %s", prefix, strength).isEqualTo(run.get("start").asInt());
        float[] latents = initialLatents(scheduler, prefix, strength, start);
        for (int i = start; i < timesteps.length; i++) {
            float[] input = scheduler.scaleModelInput(latents, i);
            ref.assertMatches(prefix + ".step." + i + ".input", input);
            watcher.before(i);
            latents = scheduler.step(model(input, timesteps[i]), i, latents, noise);
            watcher.after(i);
            ref.assertMatches(prefix + ".step." + i + ".latents", latents);
        }
    }

    /** Strength 1: the noise times the initial sigma; else the image latents noised to the start. */
    float[] initialLatents(Scheduler scheduler, String prefix, double strength, int start) {
        float[] noise = ref.tensor("noise").floats();
        float[] latents = strength == 1
                ? ReferenceLoop.scaled(noise, scheduler.initNoiseSigma())
                : scheduler.addNoise(ref.tensor("image_latents").floats(), noise, start);
        ref.assertMatches(prefix + ".initial_latents", latents);
        return latents;
    }

    /** The reference's stand-in for the UNet: {@code 0.9 * tanh(input) + 0.02 * t / 1000}, in float32. */
    static float[] model(float[] input, double t) {
        float shift = (float) (0.02 * t / 1000);
        float[] out = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            out[i] = 0.9f * (float) Math.tanh(input[i]) + shift;
        }
        return out;
    }

    /** The project's torch-compatible noise, seeded as the reference's steps were, gives the run's recorded draws. */
    void assertTorchCompatibleNoiseGivesTheDraws(JsonNode run) {
        String prefix = run.get("prefix").asText();
        NoiseSource torch = new TorchCompatibleNoise(STEP_SEED);
        for (int j = 0; j < run.get("draws").size(); j++) {
            String draw = prefix + ".draw." + j;
            ref.assertMatches(draw, torch.next(ref.tensor(draw).floats().length), 1e-6);
        }
    }

    /** Noise that hands each step of the run the draw diffusers made at the same step index. */
    ReplayedDraws replayedDraws(JsonNode run) {
        return new ReplayedDraws(run);
    }

    /**
     * Hands each step the draw diffusers made at the same step index. A Java scheduler may skip
     * draws the reference does not depend on (diffusers' Euler draws and ignores noise), but it
     * must not draw where the reference drew nothing, nor skip a draw the result depends on.
     */
    final class ReplayedDraws implements NoiseSource, StepWatcher {
        private final String prefix;
        private final Map<Integer, String> drawAt = new HashMap<>();
        private final List<Integer> usedAt = new ArrayList<>();
        private int step = -1;
        private boolean drawn;

        private ReplayedDraws(JsonNode run) {
            prefix = run.get("prefix").asText();
            JsonNode draws = run.get("draws");
            for (int j = 0; j < draws.size(); j++) {
                int at = draws.get(j).get("step").asInt();
                drawAt.put(at, prefix + ".draw." + j);
                if (draws.get(j).get("used").asBoolean()) {
                    usedAt.add(at);
                }
            }
        }

        @Override
        public void before(int stepIndex) {
            step = stepIndex;
            drawn = false;
        }

        @Override
        public void after(int stepIndex) {
            if (usedAt.contains(stepIndex) && !drawn) {
                fail("%s: diffusers draws noise at step %d and the result depends on it; the Java scheduler"
                        + " drew none", prefix, stepIndex);
            }
        }

        @Override
        public void fill(float[] out) {
            String draw = drawAt.get(step);
            if (draw == null) {
                fail("%s: the Java scheduler draws noise at step %d, where diffusers draws none", prefix, step);
            }
            if (drawn) {
                fail("%s: the Java scheduler draws noise twice at step %d, diffusers once", prefix, step);
            }
            float[] values = ref.tensor(draw).floats();
            assertThat(out).as("%s: size of the draw at step %d", prefix, step).hasSameSizeAs(values);
            System.arraycopy(values, 0, out, 0, values.length);
            drawn = true;
        }
    }
}
