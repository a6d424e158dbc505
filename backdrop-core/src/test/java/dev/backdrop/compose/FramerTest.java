package dev.backdrop.compose;

import dev.backdrop.image.Box;
import dev.backdrop.background.Subject;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.scene.SceneLayout;
import dev.backdrop.testing.Bottle;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class FramerTest {

    private final Framer framer = new Framer();
    private final Subject photo = Bottle.on(300, 200);

    @Test
    void keepingPositionOnTheSameCanvasCopiesNothing() {
        Subject s = framer.frame(photo.image(), photo.mask(), Framing.original(300, 200));
        assertThat(s.image()).isSameAs(photo.image());
        assertThat(s.box()).isEqualTo(photo.box());
    }

    @Test
    void keepingPositionOnALargerCanvasScalesThePhotoToCoverIt() {
        Subject s = framer.frame(photo.image(), photo.mask(), new Framing(Placement.keep(), 600, 400));
        assertThat(s.box().centerX()).isCloseTo(photo.box().centerX() * 2, offset(2f));
        assertThat(s.box().height()).isCloseTo(photo.box().height() * 2, offset(3));
    }

    @Test
    void centeringScalesTheProductToFitInsideThePadding() {
        Subject s = framer.frame(photo.image(), photo.mask(), new Framing(Placement.centered(0.1), 500, 500));
        Box b = s.box();
        assertThat(b.centerX()).isCloseTo(250f, offset(2f));
        assertThat(b.y() + b.height() / 2f).isCloseTo(250f, offset(2f));
        assertThat(b.height()).isCloseTo(400, offset(3));
    }

    @Test
    void centeringReframesAProductToTheFillShareSoTheSceneShows() {
        // The bottle fills most of its photo's height; centred with the default fill it takes 65% of the
        // canvas's shorter side, and the rest of the canvas is left to the scene.
        Subject s = framer.frame(photo.image(), photo.mask(),
                new Framing(Placement.centered(null, null), 600, 400));
        Box b = s.box();
        assertThat((double) Math.max(b.width(), b.height()) / 400).isCloseTo(Placement.DEFAULT_FILL, offset(0.01));
        assertThat(b.centerX()).isCloseTo(300f, offset(2f));
        long covered = 0;
        for (float a : s.mask().alpha()) if (a > 0) covered++;
        assertThat((double) covered / (600 * 400)).as("share of the canvas the product covers").isLessThan(0.2);
        // The padding still wins where the fill would reach past it.
        Subject tight = framer.frame(photo.image(), photo.mask(), new Framing(new Placement.Centered(1.0, 0.3), 600, 400));
        assertThat(tight.box().height()).isCloseTo(160, offset(3));
        assertThat(framer.transform(photo.image(), photo.mask(), new Framing(Placement.centered(null, null), 600, 400))
                .scale()).isCloseTo(260.0 / photo.box().height(), offset(0.02));
    }

    @Test
    void marketplacePresetFillsEightyFivePercentOnASquare() {
        Framing f = AspectPreset.MARKETPLACE.framing(300, 200, Placement.keep());
        assertThat(f.width()).isEqualTo(f.height());
        Subject s = framer.frame(photo.image(), photo.mask(), f);
        assertThat((double) Math.max(s.box().width(), s.box().height()) / f.height()).isCloseTo(0.85, offset(0.02));
        assertThat(AspectPreset.MARKETPLACE.whiteBackground()).isTrue();
        assertThat(f.whiteBackground()).as("the framing carries the white background to the pipeline").isTrue();
        assertThat(AspectPreset.SQUARE.framing(300, 200, Placement.keep()).whiteBackground()).isFalse();
    }

    @Test
    void presetsHaveTheirAspectRatios() {
        assertThat(ratio(AspectPreset.parse("16:9").framing(1000, 1000, Placement.keep()))).isCloseTo(16 / 9.0, offset(0.01));
        assertThat(ratio(AspectPreset.parse("4:5").framing(1000, 1000, Placement.keep()))).isCloseTo(0.8, offset(0.01));
        assertThat(ratio(AspectPreset.parse("1:1").framing(640, 480, Placement.keep()))).isEqualTo(1.0);
        assertThatThrownBy(() -> AspectPreset.parse("3:7")).isInstanceOf(InvalidCompositionException.class)
                .hasMessageContaining("16:9");
    }

    @Test
    void centeringAPhotoWithoutAProductIsRefused() {
        var empty = dev.backdrop.image.Mask.empty(300, 200);
        assertThatThrownBy(() -> framer.frame(photo.image(), empty, new Framing(Placement.centered(0.1), 100, 100)))
                .isInstanceOf(InvalidCompositionException.class);
    }

    @Test
    void aProductCutByThePhotosBottomEdgeStaysOnTheCanvasEdgeWithoutSmearingIntoTheMargin() {
        // A wide red product whose base the photo's bottom edge cuts off: x 20..180, y 30..150 of 200x150.
        Subject cut = product(200, 150, 20, 30, 180, 150);
        Subject s = framer.frame(cut.image(), cut.mask(), new Framing(Placement.centered(0.1), 400, 400));

        // Fit to the width (160 px into 320): scale 2, so the product is 320x240, standing on the bottom edge.
        Box b = s.box();
        assertThat(b.bottom()).as("cut side stays on the canvas edge").isEqualTo(400);
        assertThat(b.height()).as("no streak of edge pixels lengthens the product").isCloseTo(240, offset(2));
        assertThat(b.x()).isCloseTo(40, offset(1));
        assertThat(b.width()).isCloseTo(320, offset(2));
        // The photo covers rows 100..400; above it the canvas holds nothing of the product.
        assertNoProductOutside(s, b);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 400; x++) {
                assertThat(s.mask().at(x, y)).as("mask at %d,%d", x, y).isZero();
            }
        }
        RgbImage composite = onWhite(s);
        assertThat(composite.pixels()[50 * 400 + 200]).as("top margin").isEqualTo(0xFFFFFF);
        assertThat(redPixelsOutside(composite, b)).as("product-red pixels outside the product").isZero();
    }

    @Test
    void aProductCutOnTwoOppositeSidesSpansTheCanvasBetweenThem() {
        // Cut at the left and right: a close-up, which spans the canvas's width as it spanned the photo's.
        Subject cut = product(200, 100, 0, 5, 200, 95);
        Subject s = framer.frame(cut.image(), cut.mask(), new Framing(Placement.centered(0.1), 400, 300));
        Box b = s.box();
        assertThat(b.x()).isZero();
        assertThat(b.right()).isEqualTo(400);
        assertThat(b.height()).isCloseTo(180, offset(2));
        assertThat(b.y() + b.height() / 2f).isCloseTo(150f, offset(1.5f));
        assertThat(redPixelsOutside(onWhite(s), b)).isZero();

        // Cut on all four sides, on a canvas of another shape: it covers the canvas, cropped along one axis.
        Subject all = product(200, 100, 0, 0, 200, 100);
        Subject c = framer.frame(all.image(), all.mask(), new Framing(Placement.centered(0.1), 300, 300));
        assertThat(c.box()).isEqualTo(new Box(0, 0, 300, 300));
    }

    @Test
    void aProductClearOfTheEdgesIsCentredWithPaddingOnEverySide() {
        Subject free = product(200, 150, 40, 30, 160, 120);
        Subject s = framer.frame(free.image(), free.mask(), new Framing(Placement.centered(0.1), 400, 400));
        Box b = s.box();
        assertThat(b.width()).isCloseTo(320, offset(2));
        assertThat(b.centerX()).isCloseTo(200f, offset(1f));
        assertThat(b.y() + b.height() / 2f).isCloseTo(200f, offset(1f));
        assertThat(redPixelsOutside(onWhite(s), b)).isZero();
    }

    @Test
    void theCutOutsCleanColoursMoveWithThePhoto() {
        Subject free = product(200, 150, 40, 30, 160, 120);
        int[] blue = new int[200 * 150];
        Arrays.fill(blue, 0x2040C0);
        RgbImage clean = new RgbImage(200, 150, blue);
        Subject same = framer.frame(free.image(), clean, free.mask(), Framing.original(200, 150));
        assertThat(same.foreground()).isSameAs(clean);

        Subject centred = framer.frame(free.image(), clean, free.mask(), new Framing(Placement.centered(0.1), 400, 400));
        Box b = centred.box();
        assertThat(centred.foreground().pixels()[(b.y() + 10) * 400 + b.x() + 10]).isEqualTo(0x2040C0);
        assertThat(centred.image().pixels()[(b.y() + 10) * 400 + b.x() + 10]).isEqualTo(RED);
        assertThat(framer.frame(free.image(), free.image(), free.mask(), Framing.original(200, 150)).foreground())
                .isSameAs(free.image());
    }

    /** A flat red product on a gray photo; the rectangle [x0, x1) × [y0, y1), mask exact. */
    private static Subject product(int w, int h, int x0, int y0, int x1, int y1) {
        int[] px = new int[w * h];
        float[] a = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = x >= x0 && x < x1 && y >= y0 && y < y1;
                px[y * w + x] = in ? RED : 0x909090;
                a[y * w + x] = in ? 1f : 0f;
            }
        }
        return Subject.of(new RgbImage(w, h, px), new Mask(w, h, a));
    }

    private static final int RED = 0xC01818;

    private static RgbImage onWhite(Subject s) {
        int[] px = new int[s.width() * s.height()];
        Arrays.fill(px, 0xFFFFFF);
        RgbImage white = new RgbImage(s.width(), s.height(), px);
        return new Compositor().compose(s, white, SceneLayout.neutral(s.width(), s.height(), s.box()),
                CompositionOptions.DEFAULT.withShadow(false)).image();
    }

    private static long redPixelsOutside(RgbImage image, Box box) {
        Box grown = box.grow(1, image.width(), image.height());
        long n = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int p = image.pixels()[y * image.width() + x];
                boolean red = ((p >> 16) & 0xFF) - ((p >> 8) & 0xFF) > 60;
                if (red && (x < grown.x() || x >= grown.right() || y < grown.y() || y >= grown.bottom())) {
                    n++;
                }
            }
        }
        return n;
    }

    private static void assertNoProductOutside(Subject s, Box box) {
        Box grown = box.grow(1, s.width(), s.height());
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                if (x < grown.x() || x >= grown.right() || y < grown.y() || y >= grown.bottom()) {
                    assertThat(s.mask().at(x, y)).as("mask at %d,%d", x, y).isLessThan(0.01f);
                }
            }
        }
    }

    private static double ratio(Framing f) {
        return (double) f.width() / f.height();
    }
}
