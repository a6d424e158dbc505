package dev.backdrop.compose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class CieLabTest {

    /** Pairs from Sharma, Wu and Dalal's CIEDE2000 test data. */
    @ParameterizedTest
    @CsvSource({
            "50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425",
            "50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615",
            "50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669",
            "50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492",
            "60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644",
            "22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373",
    })
    void matchesPublishedDifferences(double l1, double a1, double b1, double l2, double a2, double b2, double expected) {
        assertThat(CieLab.deltaE2000(new double[]{l1, a1, b1}, new double[]{l2, a2, b2})).isCloseTo(expected, offset(1e-4));
    }

    @ParameterizedTest
    @CsvSource({"0xffffff, 100, 0, 0", "0x000000, 0, 0, 0", "0xff0000, 53.24, 80.09, 67.20"})
    void convertsSrgbToLab(String hex, double l, double a, double b) {
        double[] lab = new double[3];
        CieLab.of(Integer.decode(hex), lab);
        assertThat(lab[0]).isCloseTo(l, offset(0.05));
        assertThat(lab[1]).isCloseTo(a, offset(0.1));
        assertThat(lab[2]).isCloseTo(b, offset(0.1));
    }
}
