package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulerNameTest {

    @Test
    void apiNamesAreTheDocumentedOnes() {
        assertThat(Arrays.stream(SchedulerName.values()).map(SchedulerName::apiName)).containsExactly(
                "DDIM", "DPM Multi", "DPM Single", "Euler a", "Euler", "Heun", "DPM2 a Karras", "DPM2 Karras",
                "LMS", "PNDM", "DDPM", "UniPC");
    }

    @ParameterizedTest
    @EnumSource(SchedulerName.class)
    void parsesItsOwnName(SchedulerName name) {
        assertThat(SchedulerName.parse(name.apiName())).isEqualTo(name);
    }

    @Test
    void defaultIsDpm2Karras() {
        assertThat(SchedulerName.DEFAULT).isEqualTo(SchedulerName.DPM2_KARRAS);
        assertThat(SchedulerName.parse(null)).isEqualTo(SchedulerName.DPM2_KARRAS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler", "EULER A", "Euler A", "dpm2 karras", "", "Karras"})
    void rejectsOtherSpellingsListingTheAllowedNames(String name) {
        assertThatThrownBy(() -> SchedulerName.parse(name))
                .isInstanceOf(UnknownSchedulerException.class)
                .hasMessageContaining("\"" + name + "\"")
                .hasMessageContaining("\"DDIM\", \"DPM Multi\", \"DPM Single\", \"Euler a\", \"Euler\", \"Heun\","
                        + " \"DPM2 a Karras\", \"DPM2 Karras\", \"LMS\", \"PNDM\", \"DDPM\", \"UniPC\"")
                .extracting(e -> ((UnknownSchedulerException) e).code()).isEqualTo("unknown_scheduler");
    }

    @Test
    void namesMapToTheirAlgorithms() {
        SchedulerConfig config = SchedulerConfig.defaults();
        assertThat(SchedulerName.DDIM.create(config)).isInstanceOf(DdimScheduler.class);
        assertThat(SchedulerName.DPM_MULTI.create(config)).isInstanceOf(DpmSolverMultistepScheduler.class);
        assertThat(SchedulerName.DPM_SINGLE.create(config)).isInstanceOf(DpmSolverSinglestepScheduler.class);
        assertThat(SchedulerName.EULER_A.create(config)).isInstanceOf(EulerAncestralScheduler.class);
        assertThat(SchedulerName.EULER.create(config)).isInstanceOf(EulerScheduler.class);
        assertThat(SchedulerName.HEUN.create(config)).isInstanceOf(HeunScheduler.class);
        assertThat(SchedulerName.DPM2_A_KARRAS.create(config)).isInstanceOfSatisfying(KDpm2Scheduler.class,
                s -> assertThat(s.isAncestral()).isTrue());
        assertThat(SchedulerName.DPM2_KARRAS.create(config)).isInstanceOfSatisfying(KDpm2Scheduler.class,
                s -> assertThat(s.isAncestral()).isFalse());
        assertThat(SchedulerName.LMS.create(config)).isInstanceOf(LmsScheduler.class);
        assertThat(SchedulerName.PNDM.create(config)).isInstanceOf(PndmScheduler.class);
        assertThat(SchedulerName.DDPM.create(config)).isInstanceOf(DdpmScheduler.class);
        assertThat(SchedulerName.UNIPC.create(config)).isInstanceOf(UniPcScheduler.class);
    }

    @Test
    void karrasNamesUseKarrasSigmasWhateverTheConfigSays() {
        SchedulerConfig config = SchedulerConfig.parse("{\"use_karras_sigmas\": false}");
        Scheduler karras = SchedulerName.DPM2_KARRAS.create(config);
        Scheduler plain = new KDpm2Scheduler(config);
        karras.setTimesteps(10);
        plain.setTimesteps(10);
        assertThat(karras.timesteps()).isNotEqualTo(plain.timesteps());
        // The start of each Karras step is a training timestep rounded from its sigma.
        assertThat(karras.timesteps()[2]).isEqualTo(Math.rint(karras.timesteps()[2]));
    }
}
