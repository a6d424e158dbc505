package dev.backdrop.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ResultKeysTest {

    // 23:30 in New York is already the next day in UTC
    private final Clock clock = Clock.fixed(Instant.parse("2025-03-05T04:30:00Z"), ZoneId.of("America/New_York"));

    @Test
    void resultKeysCarryTheUtcDateARandomIdAndAnIndex() {
        ResultKeys.Batch batch = new ResultKeys(clock, new Random(1)).newResults();

        assertThat(batch.stem()).matches("results/2025/03/05/[0-9a-f]{24}");
        assertThat(batch.key(0, KnownFileType.PNG)).isEqualTo(batch.stem() + "-0.png");
        assertThat(batch.key(3, KnownFileType.JPEG)).isEqualTo(batch.stem() + "-3.jpg");
        assertThat(batch.key(1, "webp")).isEqualTo(batch.stem() + "-1.webp");
    }

    @Test
    void inputKeysHaveTheirOwnFolder() {
        assertThat(new ResultKeys(clock, new Random(1)).newInputs().key(0, KnownFileType.WEBP))
                .matches("inputs/2025/03/05/[0-9a-f]{24}-0\\.webp");
    }

    @Test
    void idsDoNotRepeat() {
        ResultKeys keys = new ResultKeys();
        Set<String> stems = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            stems.add(keys.newResults().stem());
        }
        assertThat(stems).hasSize(10_000);
    }

    @Test
    void badIndexesAndExtensionsAreRefused() {
        ResultKeys.Batch batch = new ResultKeys(clock, new Random(1)).newResults();
        assertThatThrownBy(() -> batch.key(-1, "png")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch.key(0, "p/../ng")).isInstanceOf(InvalidObjectKeyException.class);
    }
}
