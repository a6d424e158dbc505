package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real ISNet model on real photographs: regions, not bytes. */
class IsNetSegmentationTest {

    private static Cutout coffee;
    private static Cutout chelsea;
    private static RgbImage coffeePhoto;

    @BeforeAll
    static void cutOutPhotos() {
        CutoutMaker maker = new CutoutMaker(TestModels.isnetFp16());
        coffeePhoto = TestPhotos.load("coffee.png");
        coffee = maker.cut(coffeePhoto);
        chelsea = maker.cut(TestPhotos.load("chelsea.png"));
    }

    @Test
    void cupAndSaucerAreForegroundAndTableCornersBackground() {
        Mask m = coffee.mask();
        assertThat(mean(m, 260, 100, 60, 60)).as("cup").isGreaterThan(0.95);
        assertThat(mean(m, 110, 240, 30, 30)).as("saucer rim, left").isGreaterThan(0.9);
        assertThat(mean(m, 380, 330, 30, 30)).as("saucer, lower right").isGreaterThan(0.9);
        for (int[] corner : new int[][] {{0, 0}, {560, 0}, {0, 360}, {560, 360}}) {
            assertThat(mean(m, corner[0], corner[1], 40, 40)).as("table corner %s,%s", corner[0], corner[1])
                    .isLessThan(0.05);
        }
    }

    @Test
    void catIsForeground() {
        Mask m = chelsea.mask();
        assertThat(mean(m, 150, 100, 80, 80)).as("cat's face").isGreaterThan(0.9);
        assertThat(mean(m, 0, 0, 20, 60)).as("background, top left").isLessThan(0.1);
        assertThat(chelsea.box().width()).isGreaterThan(300);
    }

    @Test
    void boxAndConfidenceDescribeTheSubject() {
        assertThat(coffee.box().x()).isBetween(50, 100);
        assertThat(coffee.box().x() + coffee.box().width()).isBetween(460, 520);
        assertThat(coffee.confidence()).isGreaterThan(0.9);
        Cutout cropped = coffee.cropped();
        assertThat(cropped.image().width()).isEqualTo(coffee.box().width());
        assertThat(cropped.image().height()).isEqualTo(coffee.box().height());
    }

    @Test
    void opaqueSubjectPixelsAreThePhotosOwn() {
        int[] out = coffee.image().pixels();
        int[] in = coffeePhoto.pixels();
        int opaque = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] >>> 24 == 255) {
                opaque++;
                assertThat(out[i] & 0xFFFFFF).isEqualTo(in[i]);
            }
        }
        assertThat(opaque).isGreaterThan(out.length / 4);
    }

    @Test
    void anEmptySceneHasLowCoverage() {
        RgbImage flat = RgbImage.blank(320, 240);
        java.util.Arrays.fill(flat.pixels(), 0x808080);
        Mask m = TestModels.isnetFp16().segment(flat);
        assertThat(mean(m, 0, 0, 320, 240)).isLessThan(0.5);
    }

    static double mean(Mask mask, int x0, int y0, int w, int h) {
        double sum = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                sum += mask.at(x, y);
            }
        }
        return sum / (w * h);
    }
}
