package dev.backdrop.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.worker.JobWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job lease: {@code --job-lease} (in the settings) wins, {@code BACKDROP_JOB_LEASE_SECONDS} is the fallback. */
class JobLeaseTest {

    private static final Map<String, String> ENV_90 = Map.of(JobLease.ENVIRONMENT, " 90 ");

    @Test
    void theOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        assertThat(JobLease.resolve(Duration.ofSeconds(5), ENV_90)).isEqualTo(Duration.ofSeconds(5));
        assertThat(JobLease.resolve(null, ENV_90)).isEqualTo(Duration.ofSeconds(90));
        assertThat(JobLease.resolve(null, Map.of())).isEqualTo(JobWorker.DEFAULT_LEASE);
        assertThat(JobLease.resolve(null, Map.of(JobLease.ENVIRONMENT, "  "))).isEqualTo(JobWorker.DEFAULT_LEASE);
    }

    @Test
    void aBadEnvironmentValueIsRefusedNamingTheVariableUnlessTheOptionIsGiven() {
        for (String bad : new String[] {"0", "3601", "-5", "soon", "1.5"}) {
            Map<String, String> env = Map.of(JobLease.ENVIRONMENT, bad);
            assertThatThrownBy(() -> JobLease.resolve(null, env)).as(bad).isInstanceOf(InvalidJobLeaseException.class)
                    .hasMessage("BACKDROP_JOB_LEASE_SECONDS must be a whole number of seconds from 1 to 3600, got '"
                            + bad + "'");
            assertThat(JobLease.resolve(Duration.ofSeconds(60), env)).isEqualTo(Duration.ofSeconds(60));
        }
        assertThat(JobLease.resolve(null, Map.of(JobLease.ENVIRONMENT, "1"))).isEqualTo(Duration.ofSeconds(1));
        assertThat(JobLease.resolve(null, Map.of(JobLease.ENVIRONMENT, "3600"))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theSettingsCarryTheOptionThroughTheirCopiesAndRefuseALeaseOutOfRange() {
        ServerSettings defaults = ServerSettings.defaults(Path.of("data"));
        assertThat(defaults.jobLease()).isNull();
        ServerSettings leased = defaults.withJobLease(Duration.ofSeconds(120)).withPort(0).withNoAuth(true).withQueue(2, 3);
        assertThat(leased.jobLease()).isEqualTo(Duration.ofSeconds(120));
        assertThat(JobLease.resolve(leased.jobLease(), ENV_90)).isEqualTo(Duration.ofSeconds(120));
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(3601), Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> defaults.withJobLease(bad)).as(bad.toString())
                    .isInstanceOf(InvalidJobLeaseException.class).hasMessageContaining("from 1 to 3600");
        }
    }
}
