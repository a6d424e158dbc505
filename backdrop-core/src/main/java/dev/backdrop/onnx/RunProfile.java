package dev.backdrop.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What ONNX Runtime's own profiler saw in the last run of a graph: the time of the run, the time
 * of each operator type, and the arithmetic of the convolutions, so a benchmark can say how close
 * the model's pass comes to what the machine can compute.
 *
 * @param runMs            the whole run, as the profiler timed it
 * @param operators        per operator type, in order of time spent, most first
 * @param convolutionFlops floating-point operations of the run's convolutions (a multiply and an
 *                         add per weight and output position), counted on the shapes the kernels
 *                         ran with: a layout that pads channels to a block counts the padding
 */
public record RunProfile(double runMs, Map<String, OperatorTime> operators, double convolutionFlops) {

    /** The runtime's names for convolution kernels; the blocked-layout kernel reports itself as {@code Conv} too. */
    private static final Set<String> CONVOLUTIONS = Set.of("Conv", "FusedConv");

    public RunProfile {
        operators = Collections.unmodifiableMap(new LinkedHashMap<>(operators));
    }

    /** Time in all operators' kernels: the run less the gaps between them. */
    public double operatorsMs() {
        return operators.values().stream().mapToDouble(OperatorTime::ms).sum();
    }

    /** Time in the convolution kernels. */
    public double convolutionMs() {
        return operators.entrySet().stream().filter(e -> CONVOLUTIONS.contains(e.getKey()))
                .mapToDouble(e -> e.getValue().ms()).sum();
    }

    /** The rate the convolutions ran at, in GFLOP/s; 0 when the graph has none. */
    public double convolutionGflops() {
        double ms = convolutionMs();
        return ms == 0 ? 0 : convolutionFlops / ms / 1e6;
    }

    /** Reads the profiler's file (written after {@code endProfiling}) and keeps its last run. */
    public static RunProfile lastRun(Path profilerFile) {
        JsonNode events;
        try {
            events = new ObjectMapper().readTree(profilerFile.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ONNX Runtime's profile " + profilerFile + ": " + e.getMessage(), e);
        }
        JsonNode run = null;
        for (JsonNode event : events) {
            if ("model_run".equals(event.path("name").asText())) {
                run = event;
            }
        }
        if (run == null) {
            throw new IllegalArgumentException(profilerFile + " holds no run: profile at least one run before reading it");
        }
        long start = run.path("ts").asLong(), end = start + run.path("dur").asLong();
        Map<String, OperatorTime> perOperator = new LinkedHashMap<>();
        double flops = 0;
        for (JsonNode event : events) {
            long at = event.path("ts").asLong();
            if (!"Node".equals(event.path("cat").asText()) || !event.path("name").asText().endsWith("_kernel_time")
                    || at < start || at > end) {
                continue;
            }
            String operator = event.path("args").path("op_name").asText();
            perOperator.merge(operator, new OperatorTime(1, event.path("dur").asLong() / 1000.0), OperatorTime::plus);
            if (CONVOLUTIONS.contains(operator)) {
                flops += convolutionFlops(event.path("args"));
            }
        }
        Map<String, OperatorTime> operators = new LinkedHashMap<>();
        perOperator.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue().ms(), a.getValue().ms()))
                .forEach(e -> operators.put(e.getKey(), e.getValue()));
        return new RunProfile(run.path("dur").asLong() / 1000.0, operators, flops);
    }

    /** 2 × every weight × every output position: the weight's shape holds the output and input channels and the kernel. */
    private static double convolutionFlops(JsonNode args) {
        JsonNode weight = firstShape(args.path("input_type_shape").path(1));
        JsonNode output = firstShape(args.path("output_type_shape").path(0));
        if (weight == null || output == null || output.size() < 2) {
            return 0;
        }
        double weights = 1;
        for (JsonNode d : weight) {
            weights *= d.asLong();
        }
        double positions = output.get(0).asLong();
        for (int i = 2; i < output.size(); i++) {
            positions *= output.get(i).asLong();
        }
        return 2 * weights * positions;
    }

    /** The profiler writes each shape as {@code {"float": [dims]}}, keyed by its element type. */
    private static JsonNode firstShape(JsonNode typed) {
        return typed.isObject() && typed.size() == 1 ? typed.elements().next() : null;
    }

    /** Time of one operator type over a run. */
    public record OperatorTime(int nodes, double ms) {

        OperatorTime plus(OperatorTime other) {
            return new OperatorTime(nodes + other.nodes, ms + other.ms);
        }
    }
}
