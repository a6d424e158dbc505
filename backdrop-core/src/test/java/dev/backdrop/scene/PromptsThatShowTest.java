package dev.backdrop.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.image.RgbImage;
import dev.backdrop.sample.DrawnProduct;
import dev.backdrop.testing.MaskDistance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Named surfaces and props are drawn, visibly: measured against the same scene without them. */
class PromptsThatShowTest {

    private final SceneGenerator scenes = new SceneGenerator();
    private final Subject bottle = drawn(DrawnProduct.BOTTLE);
    private final Subject bowl = drawn(DrawnProduct.BOWL);

    @Test
    void aRockIsDrawnUnderTheProduct() {
        RgbImage rock = render(bottle, "on a rock");
        RgbImage plain = render(bottle, "on stone");
        assertThat(scenes.describe(BackgroundRequest.of(bottle, "on a rock", "", 1)).props()).containsExactly(Prop.ROCKS);
        // Right under the foot the rock's lit top replaces the flat ground.
        int foot = bottle.box().bottom();
        double under = meanDifference(rock, plain, bottle.box().x(), foot + 2, bottle.box().right(), foot + 20);
        assertThat(under).isGreaterThan(15);
        assertThat(changedShare(rock, plain)).as("share of the frame the rocks change").isGreaterThan(0.04);
    }

    @Test
    void seenFromAbovePebblesLieRoundTheProduct() {
        // Share of the surface left visible round the bowl (which covers 41% of the frame).
        double changed = changedShare(render(bowl, "on a rock"), render(bowl, "on stone"));
        double visible = 1 - java.util.stream.IntStream.range(0, 320 * 320)
                .filter(i -> bowl.mask().alpha()[i] > 0).count() / (320.0 * 320);
        assertThat(changed / visible).isGreaterThan(0.05);
    }

    @ParameterizedTest
    @EnumSource(value = DrawnProduct.class, names = {"BOTTLE", "BOWL"})
    void leavesAreDrawnGreenInTheFrame(DrawnProduct product) {
        Subject subject = drawn(product);
        double with = greenShare(render(subject, "leaves on white marble"));
        double without = greenShare(render(subject, "white marble"));
        assertThat(without).isLessThan(0.002);
        assertThat(with).isGreaterThan(0.03);
    }

    @Test
    void theJungleRockPromptShowsARockAndLeaves() {
        SceneDescription d = scenes.describe(BackgroundRequest.of(bottle, "on a rock in the jungle", "", 1));
        assertThat(d.props()).containsExactly(Prop.ROCKS, Prop.LEAVES);
        assertThat(d.surface()).isEqualTo(Material.STONE);
        assertThat(d.backdrop()).isEqualTo(Backdrop.FOREST);
        assertThat(greenShare(render(bottle, "on a rock in the jungle"))).isGreaterThan(0.03);
    }

    @Test
    void aNegativePromptRemovesAProp() {
        SceneDescription d = scenes.describe(BackgroundRequest.of(bottle, "marble with leaves", "leaves", 1));
        assertThat(d.props()).isEmpty();
        assertThat(d.avoided()).contains("leaves");
    }

    /** Each word of the vocabulary is drawn when named: its reading lists it and the picture changes. */
    @ParameterizedTest
    @CsvSource({"marble", "wood", "concrete", "sand", "stone", "rocks", "leaves", "fabric", "water", "tiles", "paper"})
    void everyVocabularyWordIsDrawn(String word) {
        SceneDescription d = scenes.describe(BackgroundRequest.of(bottle, word, "", 1));
        assertThat(d.drawn()).contains(word);
        assertThat(d.notUnderstood()).isEmpty();
        RgbImage named = render(bottle, word + ", grey wall");
        RgbImage other = render(bottle, (word.equals("velvet") ? "linen" : "velvet") + ", grey wall");
        assertThat(meanDifference(named, other, 0, 0, 320, 320)).as(word).isGreaterThan(8);
    }

    private RgbImage render(Subject subject, String prompt) {
        return scenes.build(BackgroundRequest.of(subject, prompt, "", 5)).background();
    }

    private static double meanDifference(RgbImage a, RgbImage b, int x0, int y0, int x1, int y1) {
        double sum = 0;
        int n = 0;
        for (int y = y0; y < Math.min(y1, a.height()); y++) {
            for (int x = x0; x < x1; x++) {
                sum += Math.abs(MaskDistance.luma(a.rgb(x, y)) - MaskDistance.luma(b.rgb(x, y)));
                n++;
            }
        }
        return sum / n;
    }

    private static double changedShare(RgbImage a, RgbImage b) {
        int[] pa = a.pixels(), pb = b.pixels();
        int n = 0;
        for (int i = 0; i < pa.length; i++) {
            if (Math.abs(MaskDistance.luma(pa[i]) - MaskDistance.luma(pb[i])) > 20) n++;
        }
        return (double) n / pa.length;
    }

    /** Share of pixels a person calls leaf green: hue 80–160°, saturated, neither black nor pale. */
    private static double greenShare(RgbImage image) {
        int n = 0;
        for (int p : image.pixels()) {
            Hsl c = Hsl.of(p);
            if (c.h() >= 80 && c.h() <= 160 && c.s() > 0.3f && c.l() > 0.12f && c.l() < 0.8f) n++;
        }
        return (double) n / image.pixels().length;
    }

    private static Subject drawn(DrawnProduct product) {
        DrawnProduct.Photo p = product.draw(320, 320);
        return Subject.of(p.image(), p.mask());
    }
}
