package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The slope moves against their element formula written out, bit for bit: the schedulers' results
 * (and the diffusers goldens they match) depend on the exact order of the double arithmetic.
 */
class LatentArithmeticTest {

    /** C2's FreqInlineSize on JDK 17: the most bytecodes it inlines into a hot caller. */
    private static final int HOT_INLINE_LIMIT = 325;

    // An odd length, so the one-element tail runs too, with signed zeros where a zero noise term would flip them.
    private static final int LENGTH = 4 * 5 + 3;

    @ParameterizedTest
    @EnumSource(PredictionType.class)
    void slopeMovesAreTheirElementFormula(PredictionType type) {
        SplittableRandom random = new SplittableRandom(type.ordinal());
        float[] modelOutput = values(random);
        float[] sample = values(random);
        float[] base = values(random);
        float[] fresh = values(random);
        double sigma = 2.7;
        double dt = -0.9;
        double up = 0.35;

        float[] moved = LatentArithmetic.slopeMove(type, modelOutput, sample, base, sigma, dt);
        float[] noised = LatentArithmetic.slopeMove(type, modelOutput, sample, base, sigma, dt, fresh, up);

        for (int i = 0; i < LENGTH; i++) {
            double s = sample[i];
            double derivative = (s - type.denoisedFromSigma(modelOutput[i], s, sigma)) / sigma;
            double value = base[i] + derivative * dt;
            assertThat(Float.floatToRawIntBits(moved[i])).as("move, element %d", i)
                    .isEqualTo(Float.floatToRawIntBits((float) value));
            assertThat(Float.floatToRawIntBits(noised[i])).as("ancestral move, element %d", i)
                    .isEqualTo(Float.floatToRawIntBits((float) (value + fresh[i] * up)));
        }
    }

    @Test
    void aMoveWithoutNoiseKeepsANegativeZero() {
        float[] zeros = {-0.0f, -0.0f, -0.0f, -0.0f, -0.0f};
        float[] noOutput = new float[zeros.length];

        float[] moved = LatentArithmetic.slopeMove(PredictionType.EPSILON, noOutput, zeros, zeros, 1.5, -0.5);

        for (float value : moved) {
            assertThat(Float.floatToRawIntBits(value)).isEqualTo(Float.floatToRawIntBits(-0.0f));
        }
    }

    /** Not inlined into the steps, the ancestral steps ran 6–7% slower (see the kernel's comment). */
    @Test
    void slopeMovesStayShortEnoughToInline() throws URISyntaxException {
        List<Integer> sizes = codeSizes("slopeMove");

        assertThat(sizes).hasSize(2).allSatisfy(size -> assertThat(size).isLessThan(HOT_INLINE_LIMIT));
    }

    private static float[] values(SplittableRandom random) {
        float[] values = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            values[i] = (float) random.nextGaussian();
        }
        values[3] = -0.0f;
        values[LENGTH - 1] = -0.0f;
        return values;
    }

    /** Bytecode sizes of the methods of that name, read from the compiled class with javap. */
    private static List<Integer> codeSizes(String method) throws URISyntaxException {
        Path classFile = Path.of(LatentArithmetic.class.getResource("LatentArithmetic.class").toURI());
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(
                () -> new IllegalStateException("javap is missing: run the tests on a JDK"));
        StringWriter out = new StringWriter();
        int status = javap.run(new PrintWriter(out), new PrintWriter(out), "-c", "-p", classFile.toString());
        assertThat(status).as(out.toString()).isZero();
        List<Integer> sizes = new ArrayList<>();
        boolean inMethod = false;
        Matcher returned = Pattern.compile("^\\s*(\\d+): areturn$").matcher("");
        for (String line : out.toString().split("\\R")) {
            if (line.startsWith("  static") || line.startsWith("  private static")) {
                inMethod = line.contains(" " + method + "(");
            } else if (inMethod && returned.reset(line).matches()) {
                sizes.add(Integer.parseInt(returned.group(1)) + 1); // areturn is the method's last, one-byte instruction
                inMethod = false;
            }
        }
        return sizes;
    }
}
