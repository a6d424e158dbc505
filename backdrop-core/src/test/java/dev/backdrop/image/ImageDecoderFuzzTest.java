package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes sent as an image either decode within the limits or are refused with one of the typed
 * invalid-input errors (corrupt, unsupported, too large): never another exception, a hang or an
 * allocation beyond the limits. Small limits keep each input cheap. The seed corpus (a tiny file
 * in each format) is in {@code ImageDecoderFuzzTestInputs}; with {@code JAZZER_FUZZ=1} the build
 * fuzzes 10,000 inputs from it.
 */
class ImageDecoderFuzzTest {

    private static final ImageLimits SMALL = new ImageLimits(250_000, 256 * 1024);
    private final ImageDecoder decoder = new ImageDecoder(SMALL);

    @FuzzTest(maxExecutions = 10_000)
    void decodesOrRefusesByType(byte[] data) {
        try {
            DecodedImage image = decoder.decode(data);
            assertThat((long) image.width() * image.height()).isPositive().isLessThanOrEqualTo(SMALL.maxPixels());
            assertThat(image.pixels().width()).isEqualTo(image.width());
        } catch (CorruptImageException | UnsupportedImageException | ImageTooLargeException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
