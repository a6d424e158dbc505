package dev.backdrop.compose;

import dev.backdrop.image.Box;
import dev.backdrop.background.Subject;
import dev.backdrop.testing.Bottle;
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
    void marketplacePresetFillsEightyFivePercentOnASquare() {
        Framing f = AspectPreset.MARKETPLACE.framing(300, 200, Placement.keep());
        assertThat(f.width()).isEqualTo(f.height());
        Subject s = framer.frame(photo.image(), photo.mask(), f);
        assertThat((double) Math.max(s.box().width(), s.box().height()) / f.height()).isCloseTo(0.85, offset(0.02));
        assertThat(AspectPreset.MARKETPLACE.whiteBackground()).isTrue();
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

    private static double ratio(Framing f) {
        return (double) f.width() / f.height();
    }
}
