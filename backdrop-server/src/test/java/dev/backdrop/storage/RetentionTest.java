package dev.backdrop.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void timesAreReadWithTheirUnitAndDefaultToThirtyDaysAndADay() {
        assertThat(Retention.duration(Map.of(), "X", Retention.DEFAULT_RESULTS)).isEqualTo(Duration.ofDays(30));
        assertThat(Retention.duration(Map.of("X", "90s"), "X", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(Retention.duration(Map.of("X", " 15M "), "X", Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
        assertThat(Retention.duration(Map.of("X", "24h"), "X", Duration.ZERO)).isEqualTo(Duration.ofHours(24));
        assertThat(Retention.duration(Map.of("X", "7d"), "X", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
        for (String bad : new String[] {"7", "d", "0h", "-1d", "1w", "1.5h"}) {
            assertThatThrownBy(() -> Retention.duration(Map.of("X", bad), "X", Duration.ZERO)).as(bad)
                    .isInstanceOf(InvalidStorageSettingsException.class).hasMessageContaining("X must be a positive time");
        }
    }
}
