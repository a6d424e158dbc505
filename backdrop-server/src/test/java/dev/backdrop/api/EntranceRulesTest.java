package dev.backdrop.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.request.Bounds;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.InvalidRequestException;
import dev.backdrop.request.Ranges;
import dev.backdrop.request.ReplaceOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same edge values sent through the HTTP entrances get the verdicts {@link Ranges} declares:
 * the seed route ({@code /v1/bg-replace}) the seed's, jobs the native ones. The CLI's entrance is
 * checked against the same declaration in {@code ReplaceOptionsRulesTest}.
 */
class EntranceRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHOTO = "https://shop.example/shoe.jpg";

    /** One value of one field, sent alone beside a valid image and prompt. */
    record Edge(String field, double value) {
    }

    /** Just outside, on and just inside each end of both rule sets' ranges. */
    static Stream<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        for (Ranges ranges : Ranges.values()) {
            around(out, "samples", ranges.samples(), 1);
            around(out, "num_inference_steps", ranges.steps(), 1);
            around(out, "guidance_scale", ranges.guidance(), 0.5);
        }
        around(out, "seed", Ranges.SEED_VALUE, 1);
        around(out, "strength", Ranges.STRENGTH, 0.01);
        around(out, "cn_weight", Ranges.CONTROLNET_WEIGHT, 0.01);
        around(out, "ip_adapter_weight", Ranges.REFERENCE_WEIGHT, 0.01);
        return out.stream().distinct();
    }

    private static void around(List<Edge> out, String field, Bounds bounds, double step) {
        for (double v : new double[] {bounds.min() - step, bounds.min(), bounds.max(), bounds.max() + step}) {
            out.add(new Edge(field, v));
        }
    }

    /** What the declaration says of {@code edge} under {@code ranges}. */
    private static boolean allowed(Edge edge, Ranges ranges) {
        Bounds bounds = switch (edge.field()) {
            case "samples" -> ranges.samples();
            case "num_inference_steps" -> ranges.steps();
            case "guidance_scale" -> ranges.guidance();
            case "seed" -> Ranges.SEED_VALUE;
            case "strength" -> Ranges.STRENGTH;
            case "cn_weight" -> Ranges.CONTROLNET_WEIGHT;
            default -> Ranges.REFERENCE_WEIGHT;
        };
        return edge.value() >= bounds.min() && edge.value() <= bounds.max();
    }

    @ParameterizedTest
    @MethodSource("edges")
    void theSeedRouteHoldsToTheSeedRanges(Edge edge) {
        expectVerdict(edge, allowed(edge, Ranges.SEED), body -> BgReplaceRoutes.order(body));
    }

    @ParameterizedTest
    @MethodSource("edges")
    void jobsHoldToTheNativeRanges(Edge edge) {
        expectVerdict(edge, allowed(edge, Ranges.NATIVE), body -> (ReplaceOrder) JobRoutes.work(body));
    }

    @Test
    void theRangesDifferWhereTheDeclarationSaysSo() {
        // 10 steps and guidance 0 are native values the seed's documentation does not allow.
        JsonFields body = body(Map.of("num_inference_steps", 10, "guidance_scale", 0));
        assertThatThrownBy(() -> BgReplaceRoutes.order(body)).isInstanceOf(InvalidRequestException.class);
        ReplaceOrder job = (ReplaceOrder) JobRoutes.work(body);
        assertThat(job.steps()).isEqualTo(10);
        assertThat(job.guidanceScale()).isZero();
        // Defaults are one declaration too: the reference weight is 0.5 on both.
        assertThat(BgReplaceRoutes.order(body(Map.of())).ipAdapterWeight()).isEqualTo(0.5);
        assertThat(((ReplaceOrder) JobRoutes.work(body(Map.of()))).ipAdapterWeight()).isEqualTo(0.5);
    }

    @Test
    void fieldsTheSeedDoesNotCoverFollowTheNativeRuleOrAreLeftToTheDefaults() {
        Map<String, Object> native_ = Map.of("placement", "centre", "fill", 0.4, "format", "webp", "shadow", "hard");
        ReplaceOrder job = (ReplaceOrder) JobRoutes.work(body(native_));
        assertThat(job.presentation().placement()).isEqualTo("center");
        assertThat(job.presentation().fill()).isEqualTo(0.4);
        assertThat(job.presentation().shadow()).isEqualTo("hard");
        assertThat(job.output().formatFor(false)).isEqualTo(ImageFormat.WEBP);
        assertThat(job.output().encoding(false, false)).isEqualTo(dev.backdrop.image.Encoding.webpLossy(0.9f));

        // The seed's clients get the documented behaviour, whatever extra they send.
        ReplaceOrder seed = BgReplaceRoutes.order(body(native_));
        assertThat(seed.presentation().placement()).isEqualTo("keep");
        assertThat(seed.output().format()).isNull();

        // A cut-out's WebP is lossless everywhere; JPEG cannot hold its alpha and is refused.
        CutoutOrder cutout = (CutoutOrder) JobRoutes.work(cutoutBody(Map.of("kind", "cutout", "format", "webp")));
        assertThat(cutout.output().encoding(true, false)).isEqualTo(dev.backdrop.image.Encoding.webpLossless());
        assertThatThrownBy(() -> JobRoutes.work(cutoutBody(Map.of("kind", "cutout", "format", "jpeg"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("transparency");
        assertThatThrownBy(() -> JobRoutes.work(cutoutBody(Map.of("kind", "cutout", "placement", "center"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("applies to replace");
    }

    private static void expectVerdict(Edge edge, boolean allowed, Function<JsonFields, ReplaceOrder> entrance) {
        Object value = edge.field().equals("seed") || edge.field().equals("samples")
                || edge.field().equals("num_inference_steps") ? (Object) (long) edge.value() : edge.value();
        JsonFields body = body(Map.of(edge.field(), value));
        if (allowed) {
            ReplaceOrder order = entrance.apply(body);
            double read = switch (edge.field()) {
                case "samples" -> order.samples();
                case "num_inference_steps" -> order.steps();
                case "guidance_scale" -> order.guidanceScale();
                case "seed" -> order.seed();
                case "strength" -> order.strength();
                case "cn_weight" -> order.cnWeight();
                default -> order.ipAdapterWeight();
            };
            assertThat(read).isEqualTo(edge.value());
        } else {
            assertThatThrownBy(() -> entrance.apply(body)).isInstanceOfSatisfying(InvalidRequestException.class,
                    e -> assertThat(e.field()).isEqualTo(edge.field()));
        }
    }

    private static JsonFields body(Map<String, Object> fields) {
        Map<String, Object> all = new LinkedHashMap<>(Map.of("prompt", "on marble"));
        all.putAll(fields);
        return cutoutBody(all);
    }

    private static JsonFields cutoutBody(Map<String, Object> fields) {
        Map<String, Object> all = new LinkedHashMap<>(Map.of("image", PHOTO));
        all.putAll(fields);
        try {
            return JsonFields.parse(JSON, JSON.writeValueAsString(all).getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
