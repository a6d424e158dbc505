package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.backdrop.BackdropException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What every decodable format must do, run over the samples each subclass supplies: good samples
 * decode to the expected pixels, broken ones fail with the expected typed error, and damaged
 * copies of the good ones never fail with anything but a {@link BackdropException}.
 */
abstract class DecoderSamplesTest {

    /**
     * @param tolerance the largest channel difference allowed against {@code expected}
     */
    record Good(String name, byte[] bytes, ImageFormat format, RgbaImage expected, int tolerance, boolean hasAlpha) {
    }

    record Broken(String name, byte[] bytes, Class<? extends BackdropException> error, String code) {

        static Broken corrupt(String name, byte[] bytes) {
            return new Broken(name, bytes, CorruptImageException.class, "undecodable_image");
        }
    }

    protected final ImageDecoder decoder = new ImageDecoder();

    abstract List<Good> goodSamples();

    abstract List<Broken> brokenSamples();

    @TestFactory
    Stream<DynamicTest> goodSamplesDecodeToTheExpectedPixels() {
        return goodSamples().stream().map(sample -> DynamicTest.dynamicTest(sample.name(), () -> {
            DecodedImage decoded = decoder.decode(sample.bytes());

            assertThat(decoded.sourceFormat()).isEqualTo(sample.format());
            assertThat(decoded.hasAlpha()).as("hasAlpha").isEqualTo(sample.hasAlpha());
            assertThat(decoded.width()).isEqualTo(sample.expected().width());
            assertThat(decoded.height()).isEqualTo(sample.expected().height());
            assertThat(TestPictures.maxChannelDifference(decoded.pixels(), sample.expected()))
                    .as("largest channel difference").isLessThanOrEqualTo(sample.tolerance());
        }));
    }

    @TestFactory
    Stream<DynamicTest> goodSamplesAreRecognisedByContent() {
        return goodSamples().stream().map(sample -> DynamicTest.dynamicTest(sample.name(),
                () -> assertThat(ImageFormat.detect(sample.bytes())).contains(sample.format())));
    }

    @TestFactory
    Stream<DynamicTest> brokenSamplesFailWithATypedError() {
        return brokenSamples().stream().map(sample -> DynamicTest.dynamicTest(sample.name(),
                () -> assertThatThrownBy(() -> decoder.decode(sample.bytes()))
                        .isInstanceOf(sample.error())
                        .hasMessageNotContaining("Exception")
                        .satisfies(e -> assertThat(((BackdropException) e).code()).isEqualTo(sample.code()))));
    }

    /** Cut and scrambled copies must decode or fail cleanly: no IOException, IndexOutOfBounds, ... */
    @TestFactory
    Stream<DynamicTest> damagedCopiesFailOnlyWithTypedErrors() {
        Random random = new Random(42);
        List<DynamicTest> tests = new ArrayList<>();
        for (Good sample : goodSamples()) {
            byte[] bytes = sample.bytes();
            for (double cut : new double[] {0.1, 0.5, 0.9}) {
                byte[] truncated = Arrays.copyOf(bytes, Math.max(1, (int) (bytes.length * cut)));
                tests.add(DynamicTest.dynamicTest(sample.name() + " cut at " + cut, () -> decodesOrFailsCleanly(truncated)));
            }
            for (int round = 0; round < 3; round++) {
                byte[] scrambled = bytes.clone();
                for (int i = 0; i < 8; i++) {
                    // Keep the magic number so the format's own decoder gets the damage.
                    int at = 16 + random.nextInt(Math.max(1, scrambled.length - 16));
                    if (at < scrambled.length) {
                        scrambled[at] = (byte) random.nextInt(256);
                    }
                }
                tests.add(DynamicTest.dynamicTest(sample.name() + " scrambled " + round, () -> decodesOrFailsCleanly(scrambled)));
            }
        }
        return tests.stream();
    }

    private void decodesOrFailsCleanly(byte[] bytes) {
        Throwable failure = catchThrowable(() -> decoder.decode(bytes));
        if (failure != null) {
            assertThat(failure).isInstanceOfAny(CorruptImageException.class, ImageTooLargeException.class);
            assertThat(failure.getMessage()).isNotBlank();
        }
    }
}
