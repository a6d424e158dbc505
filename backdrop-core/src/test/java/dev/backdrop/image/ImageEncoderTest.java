package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Round trips through {@link ImageEncoder} and {@link ImageDecoder}. */
class ImageEncoderTest {

    private final ImageEncoder encoder = new ImageEncoder();
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void pngKeepsEveryPixelAndAlpha() {
        RgbaImage image = withTransparentCorner(TestPictures.pattern(50, 30, true));

        byte[] png = encoder.encode(image, Encoding.png());
        DecodedImage decoded = decoder.decode(png);

        assertThat(ImageFormat.detect(png)).contains(ImageFormat.PNG);
        assertThat(decoded.hasAlpha()).isTrue();
        assertThat(decoded.pixels().pixels()).isEqualTo(image.pixels());
    }

    @Test
    void aResultWiderThanItsFormatHoldsIsRefusedNamingTheFormat() {
        RgbaImage widest = TestPictures.pattern(16_383, 2, true);
        RgbaImage tooWide = TestPictures.pattern(16_384, 2, true);

        assertThat(decoder.decode(encoder.encode(widest, Encoding.webpLossless())).width()).isEqualTo(16_383);
        assertThatThrownBy(() -> encoder.encode(tooWide, Encoding.webpLossless()))
                .isInstanceOfSatisfying(ImageTooLargeForFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("format");
                    assertThat(e.getMessage()).contains("16383", "16384x2", "png");
                });
        assertThatThrownBy(() -> encoder.encode(new RgbImage(2, 65_536, new int[2 * 65_536]), Encoding.defaultFor(ImageFormat.JPEG)))
                .isInstanceOf(ImageTooLargeForFormatException.class).hasMessageContaining("65535");
        assertThat(decoder.decode(encoder.encode(tooWide, Encoding.png())).width()).isEqualTo(16_384);
    }

    @Test
    void fastPngKeepsEveryPixelAndOnlyTheSizeChanges() {
        RgbaImage photo = decoder.decode(TestPictures.photo("coffee.png")).pixels();

        byte[] fast = encoder.encode(photo, Encoding.pngFast());
        byte[] usual = encoder.encode(photo, Encoding.png());
        byte[] smallest = encoder.encode(photo, new Encoding.Png(9));

        assertThat(decoder.decode(fast).pixels().pixels()).isEqualTo(photo.pixels());
        assertThat(decoder.decode(smallest).pixels().pixels()).isEqualTo(photo.pixels());
        // Less deflate effort leaves the output larger, more makes it smaller: the level is applied.
        assertThat(fast.length).isGreaterThan(usual.length);
        assertThat(smallest.length).isLessThan(usual.length);
        assertThatThrownBy(() -> new Encoding.Png(0)).hasMessageContaining("1-9");
    }

    @Test
    void opaquePngHasNoAlphaChannel() {
        RgbImage image = TestPictures.pattern(50, 30, false).rgb();

        DecodedImage decoded = decoder.decode(encoder.encode(image, Encoding.png()));

        assertThat(decoded.hasAlpha()).isFalse();
        assertThat(decoded.pixels().rgb().pixels()).isEqualTo(image.pixels());
    }

    @Test
    void jpegIsCloseToTheOriginal() {
        RgbaImage image = decoder.decode(TestPictures.photo("chelsea.png")).pixels();

        DecodedImage decoded = decoder.decode(encoder.encode(image, Encoding.jpeg(0.95f)));

        assertThat(decoded.sourceFormat()).isEqualTo(ImageFormat.JPEG);
        assertThat(TestPictures.meanColourDifference(decoded.pixels(), image)).isLessThan(3.0);
    }

    @Test
    void jpegQualityTradesSizeForFidelity() {
        RgbaImage image = decoder.decode(TestPictures.photo("coffee.png")).pixels();

        byte[] low = encoder.encode(image, Encoding.Jpeg.withPercent(30));
        byte[] high = encoder.encode(image, Encoding.Jpeg.withPercent(95));

        assertThat(low.length).isLessThan(high.length / 2);
        assertThat(TestPictures.meanColourDifference(decoder.decode(low).pixels(), image))
                .isGreaterThan(TestPictures.meanColourDifference(decoder.decode(high).pixels(), image));
    }

    @Test
    void jpegFlattensTransparencyOntoWhiteByDefault() {
        RgbaImage halfTransparentRed = JpegDecodingTest.uniform(16, 16, 0x80FF0000);
        RgbaImage clear = JpegDecodingTest.uniform(16, 16, 0x00123456);

        int red = centre(decoder.decode(encoder.encode(halfTransparentRed, Encoding.jpeg(1f))).pixels());
        int white = centre(decoder.decode(encoder.encode(clear, Encoding.jpeg(1f))).pixels());
        int black = centre(decoder.decode(encoder.encode(clear, new Encoding.Jpeg(1f, 0x000000))).pixels());

        assertThat(TestPictures.channelDistance(red, 0xFFFF7F7F)).isLessThanOrEqualTo(2);
        assertThat(TestPictures.channelDistance(white, 0xFFFFFFFF)).isLessThanOrEqualTo(2);
        assertThat(TestPictures.channelDistance(black, 0xFF000000)).isLessThanOrEqualTo(2);
    }

    @Test
    void losslessWebPIsExactIncludingColourUnderTransparency() {
        RgbaImage image = withTransparentCorner(TestPictures.pattern(50, 30, true));

        DecodedImage decoded = decoder.decode(encoder.encode(image, Encoding.webpLossless()));

        assertThat(decoded.sourceFormat()).isEqualTo(ImageFormat.WEBP);
        assertThat(decoded.hasAlpha()).isTrue();
        assertThat(decoded.pixels().pixels()).isEqualTo(image.pixels());
    }

    @Test
    void lossyWebPIsCloseAndKeepsAlpha() {
        RgbaImage photo = decoder.decode(TestPictures.photo("astronaut.png")).pixels();
        // The top-left quarter, left half opaque and right half a quarter opaque.
        int size = photo.width() / 2;
        int[] p = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                p[y * size + x] = (x < size / 2 ? 0xFF : 0x40) << 24 | (photo.pixels()[y * photo.width() + x] & 0xFFFFFF);
            }
        }
        RgbaImage image = new RgbaImage(size, size, p);

        byte[] lossy = encoder.encode(image, Encoding.webpLossy(0.9f));
        DecodedImage decoded = decoder.decode(lossy);

        assertThat(lossy.length).isLessThan(encoder.encode(image, Encoding.webpLossless()).length);
        assertThat(decoded.hasAlpha()).isTrue();
        assertThat(TestPictures.meanColourDifference(decoded.pixels(), image)).isLessThan(4.0);
        assertThat(decoded.pixels().pixels()[10] >>> 24).isEqualTo(0xFF);
        assertThat(decoded.pixels().pixels()[image.width() - 10] >>> 24).isBetween(0x38, 0x48);
    }

    @Test
    void photoRoundTripsThroughLosslessWebP() {
        RgbaImage photo = decoder.decode(TestPictures.photo("coffee.png")).pixels();

        DecodedImage decoded = decoder.decode(encoder.encode(photo.rgb(), Encoding.webpLossless()));

        assertThat(decoded.pixels().pixels()).isEqualTo(photo.pixels());
    }

    @Test
    void maskIsWrittenAsEightBitGrayPng() {
        float[] alpha = new float[32 * 8];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (i % 32) / 31f;
        }
        Mask mask = new Mask(32, 8, alpha);

        byte[] png = encoder.encodeMask(mask);
        DecodedImage decoded = decoder.decode(png);

        assertThat(new int[] {png[24], png[25]}).as("bit depth, colour type").containsExactly(8, 0);
        assertThat(decoded.pixels().pixels()).isEqualTo(withOpaqueAlpha(mask.toGray()).pixels());
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> Encoding.jpeg(1.5f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Encoding.webpLossy(-0.1f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Encoding.Jpeg.withPercent(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Encoding.defaultFor(ImageFormat.BMP)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Encoding.defaultFor(ImageFormat.WEBP).format()).isEqualTo(ImageFormat.WEBP);
    }

    private static RgbaImage withTransparentCorner(RgbaImage image) {
        int[] p = image.pixels().clone();
        p[0] = 0x00ABCDEF; // fully transparent, with a colour that must survive
        return new RgbaImage(image.width(), image.height(), p);
    }

    private static RgbaImage withOpaqueAlpha(RgbImage image) {
        int[] p = image.pixels().clone();
        for (int i = 0; i < p.length; i++) {
            p[i] |= 0xFF000000;
        }
        return new RgbaImage(image.width(), image.height(), p);
    }

    private static int centre(RgbaImage image) {
        return image.pixels()[image.height() / 2 * image.width() + image.width() / 2];
    }
}
