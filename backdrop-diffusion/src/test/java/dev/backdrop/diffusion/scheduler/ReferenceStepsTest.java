package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backdrop.diffusion.convert.ReferenceCase;
import dev.backdrop.diffusion.noise.NoiseSource;
import dev.backdrop.diffusion.noise.TorchCompatibleNoise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every API scheduler name against the diffusers scheduler it stands for, step by step (the
 * {@code schedulers} reference case; see {@code src/test/reference/README.md}): built from SDXL
 * base's published scheduler config, 7 steps at strength 1 and 0.6, with a fixed function in
 * place of the UNet. Timesteps, initial noise sigma, start index, initial latents, and per step
 * the model input and the latents after the step must agree within {@link ReferenceCase#TOLERANCE}.
 * Noise comes from the reference's recorded draws, each handed to the step that drew it, so a wrong
 * formula shows at the step it is in; a second run seeds the project's torch-compatible noise
 * instead, which also needs the Java scheduler to draw as often as diffusers does. Where the
 * project knowingly differs from the pinned diffusers (see {@link #DEPARTURES}), the test checks
 * that the difference starts exactly where it is documented to.
 */
class ReferenceStepsTest {

    private static final int STEPS = 7;
    /** The seed of the generator the reference hands to every step of a run. */
    private static final long STEP_SEED = 1102;

    private static ReferenceCase ref;
    private static JsonNode about;

    @BeforeAll
    static void open() {
        ref = ReferenceCase.of("schedulers");
        try {
            about = new ObjectMapper().readTree(ref.dir.resolve("io.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void close() {
        ref.close();
    }

    /**
     * A run where the project knowingly differs from diffusers v0.27.2: it must agree up to
     * {@code where} (the start of the first failing check's message) and differ there, so a
     * departure that disappears or moves is noticed.
     */
    private record Departure(String where, String why) {
    }

    private static final String UNIPC_FINAL_SIGMA = "the project's UniPC ends at sigma 0 (final_sigmas_type \"zero\","
            + " diffusers' default since 0.28); v0.27.2 has no such setting and always ends at the smallest training"
            + " sigma, so only the last step differs (uniPcEndingAtSigmaMinIsTheReference checks the rest)";

    /** By run: UniPC's final sigma as in a later diffusers; LMS and PNDM runs started midway begin differently. */
    private static final Map<String, Departure> DEPARTURES = Map.of(
            "lms.img2img", new Departure("lms.img2img.step.3.latents", "a run started midway begins with an Euler"
                    + " step and raises its order as slopes gather; diffusers weights its single slope with the"
                    + " fourth-order coefficient meant for four (see SigmaSchedulersTest.Lms)"),
            "pndm.img2img", new Departure("pndm.img2img: start index", "a run started midway skips the opening Heun"
                    + " pair and starts at the noise level the other schedulers start at; diffusers starts one entry"
                    + " earlier, past the repeated timestep the pair needs, so from its third step on the model is"
                    + " given a timestep one level below the latents' noise (see PndmScheduler.startIndex)"),
            "unipc", new Departure("unipc.step.6.latents", UNIPC_FINAL_SIGMA),
            "unipc.img2img", new Departure("unipc.img2img.step.6.latents", UNIPC_FINAL_SIGMA));

    private static final String KDPM2_DRAWS = "the project's DPM2 ancestral draws noise only for the second"
            + " evaluation of a step, which adds it, as diffusers does since 0.31; v0.27.2 draws at every evaluation"
            + " and drops the first-stage draws, so one seed gives other noise from the first second stage on"
            + " (with each step given the reference's own draw, the steps agree)";

    /** Departures that show only when the Java scheduler draws from a seed of its own. */
    private static final Map<String, Departure> SEEDED_DEPARTURES = Map.of(
            "dpm2_a_karras", new Departure("dpm2_a_karras.step.1.latents", KDPM2_DRAWS),
            "dpm2_a_karras.img2img", new Departure("dpm2_a_karras.img2img.step.7.latents", KDPM2_DRAWS));

    /**
     * Each name from the model's config (what the project does) and from the config diffusers
     * saved for that scheduler (every default spelled out): both must give the same steps.
     */
    static Stream<Arguments> schedulersAndConfigs() {
        return Stream.of(SchedulerName.values()).flatMap(name -> Stream.of(
                Arguments.of(name, "scheduler_config.json"), Arguments.of(name, key(name) + ".json")));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("schedulersAndConfigs")
    void stepsEqualTheReferenceWithItsDraws(SchedulerName name, String configFile) {
        for (JsonNode run : entry(name).get("runs")) {
            Scheduler scheduler = name.create(SchedulerConfig.read(ref.dir.resolve(configFile)));
            ReplayedDraws noise = new ReplayedDraws(run);
            compare(scheduler, run, noise, noise, DEPARTURES);
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerName.class)
    void stepsEqualTheReferenceWithSeededNoise(SchedulerName name) {
        for (JsonNode run : entry(name).get("runs")) {
            Scheduler scheduler = name.create(SchedulerConfig.read(ref.dir.resolve(key(name) + ".json")));
            Map<String, Departure> departures = new HashMap<>(DEPARTURES);
            departures.putAll(SEEDED_DEPARTURES);
            compare(scheduler, run, new TorchCompatibleNoise(STEP_SEED), step -> { }, departures);
        }
    }

    @Test
    void uniPcEndingAtSigmaMinIsTheReference() throws IOException {
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(ref.dir.resolve("scheduler_config.json").toFile());
        config.put("final_sigmas_type", "sigma_min");
        for (JsonNode run : entry(SchedulerName.UNIPC).get("runs")) {
            Scheduler scheduler = SchedulerName.UNIPC.create(SchedulerConfig.parse(config.toString()));
            runAndCompare(scheduler, run, new TorchCompatibleNoise(STEP_SEED), step -> { });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerName.class)
    void torchCompatibleNoiseGivesTheRecordedDraws(SchedulerName name) {
        for (JsonNode run : entry(name).get("runs")) {
            String prefix = run.get("prefix").asText();
            NoiseSource torch = new TorchCompatibleNoise(STEP_SEED);
            for (int j = 0; j < run.get("draws").size(); j++) {
                String draw = prefix + ".draw." + j;
                ref.assertMatches(draw, torch.next(ref.tensor(draw).floats().length), 1e-6);
            }
        }
    }

    private static void compare(Scheduler scheduler, JsonNode run, NoiseSource noise, StepWatcher watcher,
                                Map<String, Departure> departures) {
        Departure departure = departures.get(run.get("prefix").asText());
        if (departure == null) {
            runAndCompare(scheduler, run, noise, watcher);
        } else {
            assertThatThrownBy(() -> runAndCompare(scheduler, run, noise, watcher))
                    .as("a deliberate departure from the reference: %s", departure.why())
                    .hasMessageStartingWith("[" + departure.where());
        }
    }

    /** Called before each step with its index, so the noise source knows which step draws. */
    private interface StepWatcher {
        void before(int stepIndex);

        default void after(int stepIndex) {
        }
    }

    private static void runAndCompare(Scheduler scheduler, JsonNode run, NoiseSource noise, StepWatcher watcher) {
        String prefix = run.get("prefix").asText();
        double strength = run.get("strength").asDouble();
        scheduler.setTimesteps(STEPS);

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
        float[] noiseInput = ref.tensor("noise").floats();
        float[] latents = strength == 1
                ? ReferenceLoop.scaled(noiseInput, scheduler.initNoiseSigma())
                : scheduler.addNoise(ref.tensor("image_latents").floats(), noiseInput, start);
        ref.assertMatches(prefix + ".initial_latents", latents);

        for (int i = start; i < timesteps.length; i++) {
            float[] input = scheduler.scaleModelInput(latents, i);
            ref.assertMatches(prefix + ".step." + i + ".input", input);
            watcher.before(i);
            latents = scheduler.step(model(input, timesteps[i]), i, latents, noise);
            watcher.after(i);
            ref.assertMatches(prefix + ".step." + i + ".latents", latents);
        }
    }

    /** The reference's stand-in for the UNet: {@code 0.9 * tanh(input) + 0.02 * t / 1000}, in float32. */
    private static float[] model(float[] input, double t) {
        float shift = (float) (0.02 * t / 1000);
        float[] out = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            out[i] = 0.9f * (float) Math.tanh(input[i]) + shift;
        }
        return out;
    }

    /**
     * Hands each step the draw diffusers made at the same step index. A Java scheduler may skip
     * draws the reference does not depend on (diffusers' Euler draws and ignores noise), but it
     * must not draw where the reference drew nothing, nor skip a draw the result depends on.
     */
    private static final class ReplayedDraws implements NoiseSource, StepWatcher {
        private final String prefix;
        private final Map<Integer, String> drawAt = new HashMap<>();
        private final List<Integer> usedAt = new ArrayList<>();
        private int step = -1;
        private boolean drawn;

        ReplayedDraws(JsonNode run) {
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

    private static String key(SchedulerName name) {
        return name.name().toLowerCase(Locale.ROOT);
    }

    private static JsonNode entry(SchedulerName name) {
        JsonNode entry = about.get("schedulers").get(key(name));
        assertThat(entry).as("io.json entry of %s", key(name)).isNotNull();
        assertThat(entry.get("api_name").asText()).isEqualTo(name.apiName());
        return entry;
    }
}
