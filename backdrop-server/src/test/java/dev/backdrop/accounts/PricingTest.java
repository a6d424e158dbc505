package dev.backdrop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PricingTest {

    private final Pricing pricing = Pricing.defaults();

    @Test
    void cutoutCostsOnePerImage() {
        assertThat(pricing.cutout(1)).isEqualTo(1);
        assertThat(pricing.cutout(7)).isEqualTo(7);
    }

    @Test
    void bgReplaceCostsSamplesTimesStartedBlocksOf25StepsPerImage() {
        assertThat(pricing.bgReplace(1, 1, 25)).isEqualTo(1);
        assertThat(pricing.bgReplace(1, 1, 26)).isEqualTo(2);
        assertThat(pricing.bgReplace(1, 4, 50)).isEqualTo(8);
        assertThat(pricing.bgReplace(3, 2, 30)).isEqualTo(12);
        assertThat(pricing.bgReplace(1, 2, 0)).as("at least one block per sample").isEqualTo(2);
    }

    @Test
    void generateImageCostsResultNumberPerImage() {
        assertThat(pricing.generateImage(1, 4)).isEqualTo(4);
        assertThat(pricing.generateImage(5, 2)).isEqualTo(10);
    }

    @Test
    void pricesAreConfigurable() {
        Pricing custom = new Pricing(2, 3, 10, 5);
        assertThat(custom.cutout(2)).isEqualTo(4);
        assertThat(custom.bgReplace(1, 1, 25)).isEqualTo(9);
        assertThat(custom.generateImage(2, 2)).isEqualTo(20);
        assertThatThrownBy(() -> new Pricing(-1, 1, 25, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pricing(1, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pricing.cutout(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
