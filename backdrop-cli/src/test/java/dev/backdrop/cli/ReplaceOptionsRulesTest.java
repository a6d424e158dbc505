package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.request.Bounds;
import dev.backdrop.request.Ranges;
import dev.backdrop.request.ReplaceOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code backdrop replace} holds its options to the native ranges {@link Ranges} declares, as the
 * jobs API does (see the server's {@code EntranceRulesTest}): the same edge values, the same
 * verdicts, a refusal naming the option. Only the command line is parsed; no model loads.
 */
class ReplaceOptionsRulesTest {

    record Edge(String option, double value, Bounds bounds, boolean whole) {
        String text() {
            return whole ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
        }
    }

    static Stream<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        around(out, "--samples", Ranges.NATIVE.samples(), 1, true);
        around(out, "--steps", Ranges.NATIVE.steps(), 1, true);
        around(out, "--guidance", Ranges.NATIVE.guidance(), 0.5, false);
        around(out, "--seed", Ranges.SEED_VALUE, 1, true);
        around(out, "--ref-weight", Ranges.REFERENCE_WEIGHT, 0.01, false);
        return out.stream();
    }

    private static void around(List<Edge> out, String option, Bounds bounds, double step, boolean whole) {
        for (double v : new double[] {bounds.min() - step, bounds.min(), bounds.max(), bounds.max() + step}) {
            out.add(new Edge(option, v, bounds, whole));
        }
    }

    @ParameterizedTest
    @MethodSource("edges")
    void theCommandHoldsToTheNativeRanges(Edge edge) {
        ReplaceCommand command = new ReplaceCommand();
        new CommandLine(command).parseArgs("photo.jpg", "-o", "out", "--prompt", "on marble", edge.option(), edge.text());
        boolean allowed = edge.value() >= edge.bounds().min() && edge.value() <= edge.bounds().max();
        if (allowed) {
            ReplaceOrder order = command.order(Path.of("photo.jpg"));
            double read = switch (edge.option()) {
                case "--samples" -> order.samples();
                case "--steps" -> order.steps();
                case "--guidance" -> order.guidanceScale();
                case "--seed" -> order.seed();
                default -> order.ipAdapterWeight();
            };
            assertThat(read).isEqualTo(edge.value());
        } else {
            assertThatThrownBy(() -> command.order(Path.of("photo.jpg")))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageStartingWith(edge.option() + " must be between");
        }
    }

    @org.junit.jupiter.api.Test
    void everySamplesSeedIsOneTheCommandTakesBack() {
        long max = dev.backdrop.pipeline.Pipeline.MAX_SEED;
        ReplaceCommand last = new ReplaceCommand();
        new CommandLine(last).parseArgs("photo.jpg", "-o", "out", "--prompt", "on marble", "--seed",
                String.valueOf(max - 2), "--samples", "3");
        assertThat(last.order(Path.of("photo.jpg")).seed()).isEqualTo(max - 2);
        ReplaceCommand past = new ReplaceCommand();
        new CommandLine(past).parseArgs("photo.jpg", "-o", "out", "--prompt", "on marble", "--seed",
                String.valueOf(max - 1), "--samples", "3");
        assertThatThrownBy(() -> past.order(Path.of("photo.jpg")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("seed + samples - 1 must be at most " + max);
    }
}
