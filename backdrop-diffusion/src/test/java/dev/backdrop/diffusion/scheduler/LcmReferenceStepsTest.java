package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backdrop.diffusion.convert.ReferenceCase;
import dev.backdrop.diffusion.noise.TorchCompatibleNoise;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LCM scheduler against diffusers' {@code LCMScheduler}, step by step (the {@code scheduler-lcm}
 * reference case; see {@code src/test/reference/README.md}): built as the LCM-LoRA's model card
 * builds it, from SD 1.5's published scheduler config, and from the config {@code LCMScheduler}
 * saved; 4 and 8 steps at strength 1 and 0.6, in the loop and with the stand-in UNet of the API
 * schedulers' goldens ({@link RecordedRuns}), with the recorded draws and with seeded noise. Each
 * step's denoised sample is checked on its own, from the recorded latents before the step.
 */
class LcmReferenceStepsTest {

    private static ReferenceCase ref;
    private static RecordedRuns runs;

    @BeforeAll
    static void open() {
        ref = ReferenceCase.of("scheduler-lcm");
        runs = new RecordedRuns(ref);
    }

    @AfterAll
    static void close() {
        ref.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scheduler_config.json", "lcm.json"})
    void stepsEqualTheReferenceWithItsDraws(String configFile) {
        for (JsonNode run : runs.about.get("runs")) {
            RecordedRuns.ReplayedDraws noise = runs.replayedDraws(run);
            runs.runAndCompare(scheduler(configFile), run, run.get("steps").asInt(), noise, noise);
        }
    }

    @Test
    void stepsEqualTheReferenceWithSeededNoise() {
        for (JsonNode run : runs.about.get("runs")) {
            runs.runAndCompare(scheduler("scheduler_config.json"), run, run.get("steps").asInt(),
                    new TorchCompatibleNoise(RecordedRuns.STEP_SEED), RecordedRuns.StepWatcher.NONE);
            runs.assertTorchCompatibleNoiseGivesTheDraws(run);
        }
    }

    @Test
    void denoisedSamplesEqualTheReference() {
        for (JsonNode run : runs.about.get("runs")) {
            String prefix = run.get("prefix").asText();
            LcmScheduler scheduler = scheduler("scheduler_config.json");
            scheduler.setTimesteps(run.get("steps").asInt());
            int start = run.get("start").asInt();
            for (int i = start; i < scheduler.timesteps().length; i++) {
                float[] sample = ref.tensor(i == start ? prefix + ".initial_latents" : prefix + ".step." + (i - 1) + ".latents")
                        .floats();
                float[] output = RecordedRuns.model(ref.tensor(prefix + ".step." + i + ".input").floats(),
                        scheduler.timesteps()[i]);
                ref.assertMatches(prefix + ".step." + i + ".denoised", scheduler.denoised(output, i, sample));
            }
        }
    }

    @Test
    void aModelIsSampledWithItWhenItsSchedulerConfigNamesIt() {
        assertThat(LcmScheduler.isFor(SchedulerConfig.read(ref.dir.resolve("lcm.json")))).isTrue();
        assertThat(LcmScheduler.isFor(SchedulerConfig.read(ref.dir.resolve("scheduler_config.json")))).isFalse();
        assertThat(SchedulerName.values()).hasSize(12).noneMatch(name -> name.apiName().contains("LCM"));
    }

    @Test
    void moreStepsThanTheDistillationScheduleHasAreRefused() {
        LcmScheduler scheduler = scheduler("lcm.json");
        assertThatThrownBy(() -> scheduler.setTimesteps(51)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to original_inference_steps (50) steps, got 51");
        scheduler.setTimesteps(50);
        assertThat(scheduler.timesteps()).startsWith(999, 979).endsWith(39, 19);
    }

    private static LcmScheduler scheduler(String configFile) {
        return new LcmScheduler(SchedulerConfig.read(ref.dir.resolve(configFile)));
    }
}
