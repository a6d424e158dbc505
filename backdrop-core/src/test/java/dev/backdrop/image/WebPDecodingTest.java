package dev.backdrop.image;

import java.util.Arrays;
import java.util.List;

/** WebP files written by libwebp (through {@link ImageEncoder}), read back by the decoder. */
class WebPDecodingTest extends DecoderSamplesTest {

    private final ImageEncoder encoder = new ImageEncoder();

    @Override
    List<Good> goodSamples() {
        RgbaImage withAlpha = TestPictures.pattern(48, 32, true);
        RgbaImage opaque = TestPictures.smooth(48, 32, false);
        RgbaImage smoothAlpha = TestPictures.smooth(48, 32, true);
        return List.of(
                new Good("lossless with alpha", encoder.encode(withAlpha, Encoding.webpLossless()), ImageFormat.WEBP,
                        withAlpha, 0, true),
                new Good("lossy opaque", encoder.encode(opaque.rgb(), Encoding.webpLossy(0.9f)), ImageFormat.WEBP,
                        opaque, 16, false),
                new Good("lossy with alpha", encoder.encode(smoothAlpha, Encoding.webpLossy(0.9f)), ImageFormat.WEBP,
                        smoothAlpha, 16, true));
    }

    @Override
    List<Broken> brokenSamples() {
        byte[] webp = encoder.encode(TestPictures.pattern(48, 32, true), Encoding.webpLossless());
        return List.of(
                Broken.corrupt("truncated", Arrays.copyOf(webp, webp.length / 2)),
                Broken.corrupt("header only", Arrays.copyOf(webp, 16)));
    }
}
