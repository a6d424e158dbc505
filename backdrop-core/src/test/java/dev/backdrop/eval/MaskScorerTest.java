package dev.backdrop.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backdrop.image.Mask;
import org.junit.jupiter.api.Test;

/** Scores of masks built here, whose IoU, MAE and boundary F are worked out by hand. */
class MaskScorerTest {

    private final MaskScorer scorer = new MaskScorer();

    /** A 100x100 mask with coverage {@code a} on the rectangle [x0, x1) x [y0, y1). */
    private static Mask rectangle(int x0, int y0, int x1, int y1, float a) {
        Mask mask = Mask.empty(100, 100);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                mask.alpha()[y * 100 + x] = a;
            }
        }
        return mask;
    }

    @Test
    void aShiftedSquare() {
        Mask truth = rectangle(20, 30, 60, 70, 1f);
        Mask shifted = rectangle(30, 30, 70, 70, 1f);
        MaskScore score = scorer.score(shifted, truth);
        assertThat(MaskScorer.tolerance(100, 100)).isEqualTo(2);
        assertThat(score.iou()).isCloseTo(30.0 * 40 / (50 * 40), within(1e-9));
        assertThat(score.mae()).isCloseTo(2 * 10 * 40 / 10_000.0, within(1e-6));
        // Each outline has 156 pixels. Within 2 px of the other: the top and bottom rows where they
        // overlap or come within 2 px (32 pixels each) and the two pixels nearest each of those
        // rows on the inner side (4), so 68 on both sides: precision = recall = F = 68/156.
        assertThat(score.boundaryF()).isCloseTo(68.0 / 156, within(1e-9));
    }

    @Test
    void softCoverageCountsInMaeOnly() {
        Mask truth = rectangle(20, 30, 60, 70, 1f);
        MaskScore score = scorer.score(rectangle(20, 30, 60, 70, 0.75f), truth);
        assertThat(score.iou()).isEqualTo(1.0);
        assertThat(score.mae()).isCloseTo(0.25 * 1600 / 10_000, within(1e-6));
        assertThat(score.boundaryF()).isEqualTo(1.0);
    }

    @Test
    void emptyAgainstEmptyIsPerfectAndAgainstASubjectIsZero() {
        Mask empty = Mask.empty(100, 100);
        assertThat(scorer.score(empty, Mask.empty(100, 100))).isEqualTo(new MaskScore(1, 0, 1));
        MaskScore missed = scorer.score(empty, rectangle(0, 0, 50, 100, 1f));
        assertThat(missed.iou()).isZero();
        assertThat(missed.mae()).isCloseTo(0.5, within(1e-9));
        assertThat(missed.boundaryF()).isZero();
    }

    @Test
    void toleranceGrowsWithTheDiagonal() {
        assertThat(MaskScorer.tolerance(854, 480)).isEqualTo(8);
        assertThat(MaskScorer.tolerance(10, 10)).isEqualTo(1);
    }
}
