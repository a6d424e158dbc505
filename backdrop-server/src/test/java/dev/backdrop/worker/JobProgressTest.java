package dev.backdrop.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobProgressTest {

    private final List<Double> written = new ArrayList<>();
    private final JobProgress progress = new JobProgress(written::add);

    @Test
    void manySmallStepsAreWrittenOncePerWholePercent() {
        // 4 samples of 250 steps after the cut-out: 1001 values, 0.08% apart inside a sample
        progress.progress(0.2);
        for (int k = 0; k < 4; k++) {
            for (int d = 1; d <= 250; d++) {
                progress.progress((k + 1 + d / 250.0) / 5);
            }
        }
        assertThat(written).hasSize(81).startsWith(0.2).endsWith(1.0);
        for (int i = 1; i < written.size(); i++) {
            assertThat(Math.floor(written.get(i) * 100)).as("value %d", i)
                    .isGreaterThan(Math.floor(written.get(i - 1) * 100));
        }
    }

    @Test
    void stepsOfAPercentOrMoreAreEachWritten() {
        for (int d = 1; d <= 20; d++) {
            progress.progress(d / 20.0);
        }
        assertThat(written).hasSize(20).endsWith(1.0);
    }

    @Test
    void nothingBelowTheFirstPercentNothingBackwardsAndOutOfRangeIsClamped() {
        progress.progress(0.004);
        progress.progress(-1);
        assertThat(written).isEmpty();
        progress.progress(0.3);
        progress.progress(0.2);
        progress.progress(0.305);
        progress.progress(1.7);
        progress.progress(1.0);
        assertThat(written).containsExactly(0.3, 1.0);
    }
}
