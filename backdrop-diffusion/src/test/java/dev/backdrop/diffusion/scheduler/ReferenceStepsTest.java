package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backdrop.diffusion.convert.ReferenceCase;
import dev.backdrop.diffusion.noise.TorchCompatibleNoise;
import dev.backdrop.diffusion.scheduler.RecordedRuns.Departure;
import dev.backdrop.diffusion.scheduler.RecordedRuns.StepWatcher;
import java.io.IOException;
import java.util.HashMap;
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
 * the model input and the latents after the step must agree within {@link ReferenceCase#TOLERANCE}
 * ({@link RecordedRuns}). Noise comes from the reference's recorded draws, each handed to the step
 * that drew it, so a wrong formula shows at the step it is in; a second run seeds the project's
 * torch-compatible noise instead, which also needs the Java scheduler to draw as often as diffusers
 * does. Where the project knowingly differs from the pinned diffusers (see {@link #DEPARTURES}),
 * the test checks that the difference starts exactly where it is documented to.
 */
class ReferenceStepsTest {

    private static final int STEPS = 7;

    private static ReferenceCase ref;
    private static RecordedRuns runs;

    @BeforeAll
    static void open() {
        ref = ReferenceCase.of("schedulers");
        runs = new RecordedRuns(ref);
    }

    @AfterAll
    static void close() {
        ref.close();
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
            RecordedRuns.ReplayedDraws noise = runs.replayedDraws(run);
            runs.compare(scheduler, run, STEPS, noise, noise, DEPARTURES);
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerName.class)
    void stepsEqualTheReferenceWithSeededNoise(SchedulerName name) {
        for (JsonNode run : entry(name).get("runs")) {
            Scheduler scheduler = name.create(SchedulerConfig.read(ref.dir.resolve(key(name) + ".json")));
            Map<String, Departure> departures = new HashMap<>(DEPARTURES);
            departures.putAll(SEEDED_DEPARTURES);
            runs.compare(scheduler, run, STEPS, new TorchCompatibleNoise(RecordedRuns.STEP_SEED), StepWatcher.NONE,
                    departures);
        }
    }

    @Test
    void uniPcEndingAtSigmaMinIsTheReference() throws IOException {
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(ref.dir.resolve("scheduler_config.json").toFile());
        config.put("final_sigmas_type", "sigma_min");
        for (JsonNode run : entry(SchedulerName.UNIPC).get("runs")) {
            Scheduler scheduler = SchedulerName.UNIPC.create(SchedulerConfig.parse(config.toString()));
            runs.runAndCompare(scheduler, run, STEPS, new TorchCompatibleNoise(RecordedRuns.STEP_SEED), StepWatcher.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerName.class)
    void torchCompatibleNoiseGivesTheRecordedDraws(SchedulerName name) {
        for (JsonNode run : entry(name).get("runs")) {
            runs.assertTorchCompatibleNoiseGivesTheDraws(run);
        }
    }

    private static String key(SchedulerName name) {
        return name.name().toLowerCase(Locale.ROOT);
    }

    private static JsonNode entry(SchedulerName name) {
        JsonNode entry = runs.about.get("schedulers").get(key(name));
        assertThat(entry).as("io.json entry of %s", key(name)).isNotNull();
        assertThat(entry.get("api_name").asText()).isEqualTo(name.apiName());
        return entry;
    }
}
