package dev.backdrop.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.image.Mask;
import dev.backdrop.segment.ModelProfile;
import dev.backdrop.segment.OnnxSegmenter;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Float16UpcastTest {

    @TempDir
    Path dir;

    @Test
    void everyHalfConvertsLikeThePlainFormula() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float fast = Float16Upcast.halfToFloat((short) bits);
            double expected = reference(bits);
            if (Double.isNaN(expected)) {
                assertThat(Float.isNaN(fast)).as("0x%04x", bits).isTrue();
            } else {
                assertThat((double) fast).as("0x%04x", bits).isEqualTo(expected);
            }
        }
    }

    /** binary16 straight from its definition. */
    private static double reference(int bits) {
        int sign = bits >> 15, exponent = (bits >> 10) & 0x1F, mantissa = bits & 0x3FF;
        double s = sign == 1 ? -1 : 1;
        if (exponent == 31) {
            return mantissa == 0 ? s * Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (exponent == 0) {
            return s * Math.pow(2, -14) * (mantissa / 1024.0);
        }
        return s * Math.pow(2, exponent - 15) * (1 + mantissa / 1024.0);
    }

    @Test
    void theUpcastModelGivesTheSameMaskAsTheFloat16File() {
        Path fp16 = TestModels.path(ModelId.ISNET_FP16);
        var photo = TestPhotos.load("coffee.png");
        Mask original;
        try (OnnxSegmenter half = new OnnxSegmenter(ModelProfile.isnet("fp16", fp16), 2)) {
            original = half.segment(photo);
        }
        Mask upcast = TestModels.isnetFp16().segment(photo);
        double sum = 0, max = 0;
        for (int i = 0; i < original.alpha().length; i++) {
            double d = Math.abs(original.alpha()[i] - upcast.alpha()[i]);
            sum += d;
            max = Math.max(max, d);
        }
        assertThat(sum / original.alpha().length).isLessThan(0.002);
        assertThat(max).isLessThan(0.1);
    }
}
