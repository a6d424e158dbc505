package dev.backdrop.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.image.RgbImage;
import dev.backdrop.sample.DrawnProduct;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.testing.MaskDistance;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import org.junit.jupiter.api.Test;

/** The camera angle read from the outline, and scenes laid out to match it: no horizon when looking down. */
class CameraSceneTest {

    private static final String WOOD_AND_WALL = "dark wood table, white wall";

    private final CameraEstimator estimator = new CameraEstimator();
    private final SceneGenerator scenes = new SceneGenerator();

    @Test
    void theAngleIsReadFromTheCurveOfTheBase() {
        CameraEstimate bottle = estimator.estimate(drawn(DrawnProduct.BOTTLE).mask());
        CameraEstimate carton = estimator.estimate(drawn(DrawnProduct.CARTON).mask());
        CameraEstimate mug = estimator.estimate(drawn(DrawnProduct.MUG).mask());
        CameraEstimate bowl = estimator.estimate(drawn(DrawnProduct.BOWL).mask());
        assertThat(bottle.angle()).isEqualTo(CameraAngle.EYE_LEVEL);
        assertThat(bottle.elevation()).isLessThan(10);
        assertThat(carton.angle()).isEqualTo(CameraAngle.EYE_LEVEL);
        // The mug was drawn with base ellipses 0.13/0.2 as high as wide: sin θ = 0.65, θ ≈ 40°.
        assertThat(mug.angle()).isEqualTo(CameraAngle.HIGH_ANGLE);
        assertThat(mug.elevation()).isBetween(30.0, 50.0);
        assertThat(bowl.angle()).isEqualTo(CameraAngle.TOP_DOWN);
        assertThat(bowl.elevation()).isGreaterThan(70);
    }

    @Test
    void theCoffeeCupShotFromAboveIsReadAsLookingDown() {
        RgbImage coffee = TestPhotos.load("coffee.png");
        CameraEstimate estimate = estimator.estimate(new CutoutMaker(TestModels.isnetFp16()).cut(coffee).mask());
        assertThat(estimate.angle()).isNotEqualTo(CameraAngle.EYE_LEVEL);
        assertThat(estimate.elevation()).isGreaterThan(35);
    }

    @Test
    void aBaseCutByTheFrameIsAssumedEyeLevel() {
        DrawnProduct.Photo bottle = DrawnProduct.BOTTLE.draw(320, 320);
        // Keep the top 250 rows: the bottle's foot (row ~275) is out of the frame.
        int h = 250;
        float[] a = java.util.Arrays.copyOf(bottle.mask().alpha(), 320 * h);
        assertThat(estimator.estimate(new dev.backdrop.image.Mask(320, h, a))).isEqualTo(CameraEstimate.ASSUMED_EYE_LEVEL);
    }

    @Test
    void lookingDownTheSurfaceFillsTheFrameWithNoHorizon() {
        Scene top = scenes.build(BackgroundRequest.of(drawn(DrawnProduct.BOWL), WOOD_AND_WALL, "", 3));
        Scene level = scenes.build(BackgroundRequest.of(drawn(DrawnProduct.BOTTLE), WOOD_AND_WALL, "", 3));
        assertThat(top.layout().camera()).isEqualTo(CameraAngle.TOP_DOWN);
        assertThat(top.layout().horizonY()).isNegative();
        assertThat(level.layout().camera()).isEqualTo(CameraAngle.EYE_LEVEL);

        // Eye level: the white wall above the horizon is far lighter than the dark wood in front.
        double[] levelRows = rowLuma(level.background());
        assertThat(mean(levelRows, 0, 0.1) - mean(levelRows, 0.9, 1.0)).isGreaterThan(60);
        assertThat(largestStep(levelRows)).isGreaterThan(40);
        // From above: dark wood from the top edge to the bottom, no wall and no step anywhere.
        double[] topRows = rowLuma(top.background());
        assertThat(mean(topRows, 0, 0.1)).isLessThan(110);
        assertThat(Math.abs(mean(topRows, 0, 0.1) - mean(topRows, 0.9, 1.0))).isLessThan(30);
        assertThat(largestStep(topRows)).as("brightest jump between bands of 8 rows").isLessThan(15);
    }

    @Test
    void atEyeLevelTheHorizonCrossesTheProductAboveItsFoot() {
        Subject bottle = drawn(DrawnProduct.BOTTLE);
        for (long seed = 0; seed < 8; seed++) {
            SceneLayout layout = scenes.build(BackgroundRequest.of(bottle, WOOD_AND_WALL, "", seed)).layout();
            float above = (bottle.box().bottom() - layout.horizonY()) / bottle.box().height();
            assertThat(above).isBetween(0.3f, 0.65f);
        }
    }

    private static Subject drawn(DrawnProduct product) {
        DrawnProduct.Photo p = product.draw(320, 320);
        return Subject.of(p.image(), p.mask());
    }

    private static double[] rowLuma(RgbImage image) {
        double[] rows = new double[image.height()];
        for (int y = 0; y < image.height(); y++) {
            double sum = 0;
            for (int x = 0; x < image.width(); x++) sum += MaskDistance.luma(image.rgb(x, y));
            rows[y] = sum / image.width();
        }
        return rows;
    }

    private static double mean(double[] rows, double from, double to) {
        int a = (int) (from * rows.length), b = (int) (to * rows.length);
        double sum = 0;
        for (int y = a; y < b; y++) sum += rows[y];
        return sum / (b - a);
    }

    /** The largest difference between the mean luma of two adjacent bands of 8 rows: a horizon is a step. */
    private static double largestStep(double[] rows) {
        double most = 0;
        for (int y = 8; y + 8 <= rows.length; y++) {
            double above = 0, below = 0;
            for (int k = 0; k < 8; k++) {
                above += rows[y - 1 - k];
                below += rows[y + k];
            }
            most = Math.max(most, Math.abs(above - below) / 8);
        }
        return most;
    }
}
