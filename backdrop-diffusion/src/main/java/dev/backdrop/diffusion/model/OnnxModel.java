package dev.backdrop.diffusion.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.onnx.OnnxEnvironment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * One graph of a model folder ({@code unet/model.onnx}, ...) with its session and the
 * signatures of its inputs and outputs, read from the session's metadata. Thread-safe for
 * {@link #run}, as ONNX Runtime sessions are.
 */
public final class OnnxModel implements AutoCloseable {

    private final String role;
    private final OrtSession session;
    private final Map<String, TensorSignature> inputs;
    private final Map<String, TensorSignature> outputs;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    private final LongAdder runNanos = new LongAdder();
    private final LongAdder runCpuNanos = new LongAdder();
    private final LongAdder runs = new LongAdder();

    private OnnxModel(String role, OrtSession session) throws OrtException {
        this.role = role;
        this.session = session;
        this.inputs = signatures(session.getInputInfo());
        this.outputs = signatures(session.getOutputInfo());
    }

    /** Loads one graph on its own, where {@code settings} say (benchmarks of a single graph). */
    public static OnnxModel load(Path folder, String role, ExecutionSettings settings) {
        try (OrtSession.SessionOptions options = settings.sessionOptions()) {
            return load(folder, role, options);
        }
    }

    /** Loads {@code folder/model.onnx} (external weights next to it are found by ONNX Runtime). */
    static OnnxModel load(Path folder, String role, OrtSession.SessionOptions options) {
        Path file = folder.resolve("model.onnx");
        if (!Files.isRegularFile(file)) {
            throw new InvalidDiffusionModelException("the model folder has no " + role + "/model.onnx (" + file + ")");
        }
        try {
            return new OnnxModel(role, OnnxEnvironment.get().createSession(file.toString(), options));
        } catch (OrtException e) {
            throw new InvalidDiffusionModelException("cannot load " + role + "/model.onnx: " + e.getMessage(), e);
        }
    }

    public String role() {
        return role;
    }

    public Map<String, TensorSignature> inputs() {
        return inputs;
    }

    public Map<String, TensorSignature> outputs() {
        return outputs;
    }

    public Optional<TensorSignature> input(String name) {
        return Optional.ofNullable(inputs.get(name));
    }

    public TensorSignature requireInput(String name) {
        return input(name).orElseThrow(() -> new InvalidDiffusionModelException(
                role + "/model.onnx has no input \"" + name + "\"; its inputs are " + inputs.values()));
    }

    public TensorSignature requireOutput(String name) {
        TensorSignature s = outputs.get(name);
        if (s == null) {
            throw new InvalidDiffusionModelException(
                    role + "/model.onnx has no output \"" + name + "\"; its outputs are " + outputs.values());
        }
        return s;
    }

    /** Runs the graph; the caller closes the result (and still owns the inputs). */
    public OrtSession.Result run(Map<String, OnnxTensor> feeds) {
        return run(feeds, Map.of());
    }

    /**
     * Runs the graph writing the named outputs into the caller's tensors ({@code pinned}, which
     * stay the caller's: closing the result leaves them open); the caller closes the result.
     */
    public OrtSession.Result run(Map<String, OnnxTensor> feeds, Map<String, OnnxTensor> pinned) {
        long cpu = threadCpuNanos();
        long start = System.nanoTime();
        try {
            return pinned.isEmpty() ? session.run(feeds) : session.run(feeds, pinned);
        } catch (OrtException e) {
            throw new DiffusionRunException(role + " failed: " + e.getMessage(), e);
        } finally {
            runNanos.add(System.nanoTime() - start);
            runCpuNanos.add(threadCpuNanos() - cpu);
            runs.increment();
        }
    }

    /** Time spent inside ONNX Runtime by {@link #run}, over all calls so far (for benchmarks and metrics). */
    public long runNanos() {
        return runNanos.sum();
    }

    /**
     * CPU time of the calling threads inside {@link #run}, over all calls so far: with it a caller
     * can tell its own thread's work outside the graph from the graph's (ONNX Runtime's worker
     * threads are not counted).
     */
    public long runCpuNanos() {
        return runCpuNanos.sum();
    }

    /** CPU time of the calling thread, or 0 where the JVM cannot tell. */
    public static long threadCpuNanos() {
        return CPU_TIME ? Math.max(0, THREADS.getCurrentThreadCpuTime()) : 0;
    }

    /** Calls of {@link #run} so far. */
    public long runs() {
        return runs.sum();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new DiffusionRunException("cannot close " + role + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, TensorSignature> signatures(Map<String, NodeInfo> infos) {
        Map<String, TensorSignature> out = new LinkedHashMap<>();
        for (NodeInfo info : infos.values()) {
            if (info.getInfo() instanceof TensorInfo t) {
                out.put(info.getName(), new TensorSignature(info.getName(), t.type, t.getShape()));
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
