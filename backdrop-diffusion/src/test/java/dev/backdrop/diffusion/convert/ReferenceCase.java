package dev.backdrop.diffusion.convert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.SafetensorsFile;
import dev.backdrop.diffusion.checkpoint.StoredTensor;
import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import dev.backdrop.diffusion.graph.Precision;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One case of the reference oracle under {@code src/test/resources/reference/CASE}: a tiny
 * checkpoint with its {@code config.json}, and {@code io.safetensors} with the inputs fed to the
 * reference implementation and what it returned (see {@code src/test/reference/README.md}).
 */
public final class ReferenceCase implements AutoCloseable {

    /** Per tensor: max |java − reference| ≤ this · max(1, max |reference|). */
    public static final double TOLERANCE = 1e-4;

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    public final Path dir;
    public final SafetensorsFile io;

    private ReferenceCase(Path dir) {
        this.dir = dir;
        this.io = SafetensorsFile.open(dir.resolve("io.safetensors"));
    }

    public static ReferenceCase of(String name) {
        URL url = ReferenceCase.class.getResource("/reference/" + name + "/io.safetensors");
        if (url == null) {
            throw new IllegalStateException("no reference case " + name);
        }
        try {
            return new ReferenceCase(Path.of(url.toURI()).getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    ModelConfig config() {
        return ModelConfig.read(dir.resolve("config.json"));
    }

    Checkpoint weights(String file) {
        return Checkpoint.of(dir.resolve(file));
    }

    public StoredTensor tensor(String name) {
        StoredTensor t = io.tensors().get(name);
        if (t == null) {
            throw new IllegalStateException("io.safetensors of " + dir.getFileName() + " has no " + name
                    + "; it has " + io.tensors().keySet());
        }
        return t;
    }

    /** Runs a graph on named inputs and returns every output by name, as floats. */
    static Map<String, float[]> run(OnnxGraphBuilder graph, Path folder, Map<String, OnnxTensor> feeds) throws OrtException {
        return run(graph, folder, feeds, Precision.FLOAT32);
    }

    /** {@link #run(OnnxGraphBuilder, Path, Map)} with the graph written in the given precision. */
    static Map<String, float[]> run(OnnxGraphBuilder graph, Path folder, Map<String, OnnxTensor> feeds, Precision precision)
            throws OrtException {
        graph.write(folder, true, precision);
        Map<String, float[]> out = new LinkedHashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = ENV.createSession(folder.resolve("model.onnx").toString(), options);
                 OrtSession.Result result = session.run(feeds)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    OnnxTensor t = (OnnxTensor) e.getValue();
                    FloatBuffer b = t.getFloatBuffer();
                    float[] values = new float[b.remaining()];
                    b.get(values);
                    out.put(e.getKey(), values);
                }
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
        return out;
    }

    public OnnxTensor floatInput(String name) throws OrtException {
        StoredTensor t = tensor(name);
        return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(t.floats()), t.shape());
    }

    OnnxTensor intInput(String name) throws OrtException {
        StoredTensor t = tensor(name);
        long[] values = t.longs();
        int[] ints = new int[values.length];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = Math.toIntExact(values[i]);
        }
        return OnnxTensor.createTensor(ENV, IntBuffer.wrap(ints), t.shape());
    }

    OnnxTensor longInput(String name) throws OrtException {
        StoredTensor t = tensor(name);
        return OnnxTensor.createTensor(ENV, LongBuffer.wrap(t.longs()), t.shape());
    }

    static OnnxTensor scalar(float value) throws OrtException {
        return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(new float[] {value}), new long[0]);
    }

    /** Asserts {@code actual} equals the reference tensor {@code name} within {@link #TOLERANCE}. */
    public void assertMatches(String name, float[] actual) {
        assertMatches(name, actual, TOLERANCE);
    }

    /** Asserts {@code actual} equals the reference tensor {@code name}: max difference ≤ tolerance · max(1, max |ref|). */
    public void assertMatches(String name, float[] actual, double tolerance) {
        float[] expected = tensor(name).floats();
        assertThat(actual).as("%s: element count", name).hasSize(expected.length);
        double maxRef = 0;
        double maxDiff = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
            double d = Math.abs(actual[i] - expected[i]);
            if (!(d <= maxDiff)) {
                maxDiff = d;
                worst = i;
            }
        }
        double bound = tolerance * Math.max(1, maxRef);
        assertThat(maxDiff).as("%s: max |java - reference| (worst at %d: java %s, reference %s; bound %s)", name, worst,
                worst >= 0 ? actual[worst] : 0f, worst >= 0 ? expected[worst] : 0f, bound).isLessThanOrEqualTo(bound);
    }

    @Override
    public void close() {
        io.close();
    }
}
