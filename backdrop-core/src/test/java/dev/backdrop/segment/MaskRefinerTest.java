package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** Each refinement step measured on pictures and masks made here, where the right answer is known. */
class MaskRefinerTest {

    private final MaskRefiner refiner = new MaskRefiner();

    @Test
    void thinLatticeTheModelSawAsSolidStaysSolid() {
        int w = 1600, h = 1200;
        RgbImage photo = RgbImage.blank(w, h);
        Mask raw = Mask.empty(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int sky = 130 + y * 40 / h;
                photo.pixels()[i] = gray(sky);
                // A lattice tower: two dark legs 2 px wide, sunlit braces 2 px wide zig-zagging between them.
                boolean leg = (x >= 400 && x < 402) || (x >= 438 && x < 440);
                int phase = Math.floorMod(y, 80);
                int braceX = 400 + (phase < 40 ? phase : 80 - phase);
                boolean brace = y > 40 && x >= 400 && x < 440 && x - braceX >= 0 && x - braceX < 2;
                if (leg) {
                    photo.pixels()[i] = gray(40);
                    raw.alpha()[i] = 1f;
                } else if (brace) {
                    photo.pixels()[i] = gray(240);
                    raw.alpha()[i] = 1f;
                }
            }
        }
        IntPredicate lattice = i -> raw.alpha()[i] == 1f;
        Mask before = MaskRefiner.snap(GuidedFilter.forImage(w, h).refine(photo, copy(raw)));
        assertThat(mean(before, lattice)).as("a plain guided filter washes the lattice out").isLessThan(0.85);
        Mask refined = refiner.refine(photo, copy(raw));
        assertThat(mean(refined, lattice)).as("lattice alpha").isGreaterThan(0.99);
        assertThat(mean(refined, i -> !lattice.test(i))).as("sky alpha").isLessThan(0.001);
    }

    @Test
    void softModelEdgesSnapToThePhotosEdge() {
        int w = 1280, h = 960, edge = 600;
        RgbImage photo = RgbImage.blank(w, h);
        Mask raw = Mask.empty(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                photo.pixels()[y * w + x] = x < edge ? gray(230) : gray(30);
                // A model edge upscaled from 1024 pixels: an 8-pixel ramp centred on the true edge.
                raw.alpha()[y * w + x] = Math.max(0f, Math.min(1f, 0.5f - (x - edge + 0.5f) / 8f));
            }
        }
        Mask refined = refiner.refine(photo, copy(raw));
        double rawError = 0, refinedError = 0;
        for (int y = 0; y < h; y++) {
            for (int x = edge - 4; x < edge + 4; x++) {
                float truth = x < edge ? 1f : 0f;
                rawError += Math.abs(raw.at(x, y) - truth);
                refinedError += Math.abs(refined.at(x, y) - truth);
            }
        }
        assertThat(refinedError).as("error across the edge band").isLessThan(rawError * 0.75);
    }

    @Test
    void strayFragmentsGoAndEverySureObjectStays() {
        int w = 400, h = 300;
        RgbImage photo = RgbImage.blank(w, h);
        Mask raw = Mask.empty(w, h);
        fill(photo, raw, w, 40, 40, 140, 140, 1f);     // the main subject
        fill(photo, raw, w, 300, 200, 320, 220, 1f);   // a second, much smaller real object
        fill(photo, raw, w, 250, 40, 290, 80, 0.2f);   // a fragment's faint outskirts
        fill(photo, raw, w, 260, 50, 280, 70, 0.7f);   // ... around its hesitant core
        Mask refined = refiner.refine(photo, copy(raw));
        assertThat(mean(refined, 40, 40, 140, 140)).as("main subject").isEqualTo(1.0);
        assertThat(mean(refined, 300, 200, 320, 220)).as("second object").isEqualTo(1.0);
        assertThat(mean(refined, 250, 40, 290, 80)).as("fragment").isEqualTo(0.0);
    }

    @Test
    void whenTheModelIsSureOfNothingItsBestGuessStays() {
        int w = 100, h = 80;
        float[] alpha = new float[w * h];
        for (int y = 20; y < 40; y++) {
            for (int x = 20; x < 60; x++) {
                alpha[y * w + x] = 0.7f;
            }
        }
        float[] before = alpha.clone();
        StrayFragments.remove(alpha, w, h);
        assertThat(alpha).containsExactly(before);
    }

    @Test
    void hesitantHolesAreFilledAndBackgroundSeenThroughIsNot() {
        int w = 400, h = 300;
        RgbImage photo = RgbImage.blank(w, h);
        Mask raw = Mask.empty(w, h);
        fill(photo, raw, w, 50, 50, 250, 250, 1f);     // subject, 40,000 px
        fill(photo, raw, w, 80, 80, 90, 90, 0.3f);     // a small patch the model hesitated about
        fill(photo, raw, w, 120, 80, 130, 90, 0f);     // a small hole the model is sure is background
        fill(photo, raw, w, 150, 150, 200, 200, 0.3f); // a hesitant opening, 2,500 px: too large to be a slip
        fill(photo, raw, w, 230, 120, 250, 130, 0.3f); // a notch open to the outside
        Mask refined = refiner.refine(photo, copy(raw));
        assertThat(mean(refined, 80, 80, 90, 90)).as("hesitant patch").isEqualTo(1.0);
        assertThat(mean(refined, 120, 80, 130, 90)).as("background seen through").isEqualTo(0.0);
        assertThat(mean(refined, 160, 160, 190, 190)).as("large opening").isLessThan(0.5);
        assertThat(mean(refined, 235, 122, 250, 128)).as("notch").isLessThan(0.5);
    }

    /** A rectangle of coverage {@code a}, drawn in the photo as a grey of the same lightness on black. */
    private static void fill(RgbImage photo, Mask mask, int w, int x0, int y0, int x1, int y1, float a) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                mask.alpha()[y * w + x] = a;
                photo.pixels()[y * w + x] = gray(Math.round(40 + 180 * a));
            }
        }
    }

    private static double mean(Mask mask, int x0, int y0, int x1, int y1) {
        double sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                sum += mask.at(x, y);
            }
        }
        return sum / ((x1 - x0) * (y1 - y0));
    }

    private static double mean(Mask mask, IntPredicate where) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < mask.alpha().length; i++) {
            if (where.test(i)) {
                sum += mask.alpha()[i];
                n++;
            }
        }
        return sum / n;
    }

    private static Mask copy(Mask mask) {
        return new Mask(mask.width(), mask.height(), mask.alpha().clone());
    }

    private static int gray(int v) {
        return v << 16 | v << 8 | v;
    }
}
