package dev.backdrop.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.compose.AspectPreset;
import dev.backdrop.compose.CompositionOptions;
import dev.backdrop.compose.Placement;
import dev.backdrop.image.Box;
import dev.backdrop.image.RgbImage;
import dev.backdrop.image.RgbaImage;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneLayout;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.testing.Bottle;
import dev.backdrop.testing.TestModels;
import org.junit.jupiter.api.Test;

/** The marketplace preset through the pipeline: white whatever the prompt, reference or generator. */
class MarketplaceTest {

    private final Subject bottle = Bottle.on(360, 240);
    /** The real model cuts the bottle out; backgrounds are anything but white, so white can only come from the preset. */
    private final Pipeline pipeline = new Pipeline(new CutoutMaker(TestModels.isnetFp16()), MarketplaceTest::black,
            MarketplaceTest::black);

    @Test
    void theMarketplacePresetIsASquareOfPureWhiteWithTheProductFillingEightyFivePercent() {
        RgbImage reference = new RgbImage(8, 8, new int[64]);
        ReplaceRequest request = new ReplaceRequest(bottle.image(), "dark wood table", "", reference, 1, 7, null,
                CompositionOptions.DEFAULT.withLayers(true),
                AspectPreset.MARKETPLACE.framing(360, 240, Placement.keep()));
        ReplaceResult result = pipeline.replace(request, PipelineObserver.NONE).get(0);
        RgbaImage image = result.image();
        int side = image.width();
        assertThat(image.height()).isEqualTo(side);
        assertThat(result.reading().summary()).containsIgnoringCase("white");

        Box product = Box.of(result.layers().mask(), 0.5f);
        assertThat((double) Math.max(product.width(), product.height()) / side).isCloseTo(0.85, offset(0.02));
        assertThat(product.centerX()).isCloseTo(side / 2f, offset(2f));
        // Pure white everywhere but on the product (with its soft edge) and beside and under its foot.
        Box reach = Box.of(result.layers().mask(), 1e-3f);
        int foot = product.bottom(), beside = side / 10;
        int[] px = image.pixels();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                boolean onProduct = x >= reach.x() && x < reach.right() && y >= reach.y() && y < reach.bottom();
                boolean byFoot = x >= product.x() - beside && x < product.right() + beside && y >= foot - side / 5;
                if (!onProduct && !byFoot) {
                    assertThat(px[y * side + x] & 0xFFFFFF).as("pixel %d,%d", x, y).isEqualTo(0xFFFFFF);
                }
            }
        }
        int under = px[(foot + 1) * side + (int) product.centerX()] & 0xFF;
        assertThat(under).as("a soft contact shadow under the foot").isBetween(120, 220);
        int lower = px[(foot + 10) * side + (int) product.centerX()] & 0xFF;
        assertThat(lower).as("fading fast").isBetween(under + 20, 250);
    }

    @Test
    void otherPresetsKeepTheRequestedBackground() {
        ReplaceRequest request = new ReplaceRequest(bottle.image(), "dark wood table", "", null, 1, 7, null, null,
                AspectPreset.SQUARE.framing(360, 240, Placement.keep()));
        assertThat(pipeline.replace(request, PipelineObserver.NONE).get(0).image().pixels()[0] & 0xFFFFFF).isZero();
    }

    private static Scene black(BackgroundRequest request) {
        return new Scene(null, SceneLayout.neutral(request.width(), request.height(), request.subject().box()),
                new RgbImage(request.width(), request.height(), new int[request.width() * request.height()]));
    }
}
