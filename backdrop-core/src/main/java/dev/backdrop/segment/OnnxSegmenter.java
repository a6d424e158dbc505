package dev.backdrop.segment;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.backdrop.filter.Bands;
import dev.backdrop.filter.Resampler;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.FolderTree;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.onnx.OnnxEnvironment;
import dev.backdrop.onnx.RunProfile;
import dev.backdrop.onnx.TransparentHugePages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a segmentation model on ONNX Runtime. One session per model, shared by all threads
 * ({@link OrtSession#run} is thread-safe); each call borrows an input buffer from a small pool.
 */
public final class OnnxSegmenter implements Segmenter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxSegmenter.class);

    private final ModelProfile profile;
    private final ExecutionSettings execution;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    /** Direct input buffers kept between calls: one per concurrent caller, instead of 12 MB of native memory a call left to the garbage collector. */
    private final ConcurrentLinkedQueue<FloatBuffer> spareInputs = new ConcurrentLinkedQueue<>();

    public OnnxSegmenter(ModelProfile profile, int intraOpThreads) {
        this(profile, ExecutionSettings.cpu(intraOpThreads));
    }

    public OnnxSegmenter(ModelProfile profile, ExecutionSettings execution) {
        this.profile = profile;
        this.execution = execution;
        this.environment = OnnxEnvironment.get();
        if (!execution.onGpu()) {
            // Said where cut-outs start, rather than by every command.
            TransparentHugePages.ofThisProcess().advice().ifPresent(LOG::warn);
        }
        try (OrtSession.SessionOptions options = execution.sessionOptions()) {
            this.session = environment.createSession(profile.file().toString(), options);
            this.inputName = session.getInputNames().iterator().next();
            List<String> outputs = List.copyOf(session.getOutputNames());
            if (profile.outputIndex() >= outputs.size()) {
                session.close();
                throw new SegmentationException("model " + profile.name() + " has " + outputs.size()
                        + " outputs; its profile asks for output " + profile.outputIndex());
            }
            this.outputName = outputs.get(profile.outputIndex());
        } catch (OrtException e) {
            throw new SegmentationException("could not load model " + profile.name() + " from " + profile.file()
                    + ": " + e.getMessage(), e);
        }
    }

    public ModelProfile profile() {
        return profile;
    }

    /** Where the model runs (CPU threads or a CUDA device). */
    public ExecutionSettings execution() {
        return execution;
    }

    @Override
    public Mask segment(RgbImage image) {
        float[] raw;
        try (ModelInput input = prepare(image)) {
            raw = forward(input);
        }
        int size = profile.inputSize();
        float[] full = Resampler.BICUBIC.resize(raw, size, size, image.width(), image.height());
        // Resized first, then made alpha: logits get their sigmoid after resizing, which keeps the
        // edge as sharp as the model made it.
        MaskOutput output = profile.output();
        Bands.run(image.height(), image.width(), (from, to) -> {
            for (int i = from * image.width(); i < to * image.width(); i++) {
                full[i] = output.alpha(full[i]);
            }
        });
        return new Mask(image.width(), image.height(), full);
    }

    /** The photo resized to the model's square input and normalised, planar RGB; close it to give the buffer back. */
    public ModelInput prepare(RgbImage image) {
        int size = profile.inputSize();
        FloatBuffer buffer = spareInputs.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(3 * size * size * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        writeInput(image, buffer);
        return new ModelInput(buffer);
    }

    /** One forward pass of the model alone: the mask at the model's input resolution. */
    public float[] forward(ModelInput input) {
        int size = profile.inputSize();
        // Only the mask is fetched: the graph's other outputs (side masks, activations up to
        // 64×512×512) would otherwise be kept alive to the end of the run and handed back.
        try (OnnxTensor tensor = tensorOf(input);
             OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName))) {
            FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
            if (output.remaining() != size * size) {
                throw new SegmentationException("model " + profile.name() + " returned " + output.remaining()
                        + " values, expected a " + size + "x" + size + " mask");
            }
            float[] mask = new float[size * size];
            output.get(mask);
            return mask;
        } catch (OrtException e) {
            throw new SegmentationException("model " + profile.name() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the model {@code runs} times on {@code input} in a session of its own with ONNX Runtime's
     * profiler on, and returns what the profiler saw in the last run. For benchmarks: the profiler
     * slows the run it watches a little, and the session holds a second copy of the weights until it returns.
     */
    public RunProfile profile(ModelInput input, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("profile at least one run, not " + runs);
        }
        Path folder = null;
        try (OrtSession.SessionOptions options = execution.sessionOptions()) {
            folder = Files.createTempDirectory("backdrop-profile-");
            options.enableProfiling(folder.resolve(profile.name()).toString());
            try (OrtSession profiled = environment.createSession(profile.file().toString(), options);
                 OnnxTensor tensor = tensorOf(input)) {
                for (int i = 0; i < runs; i++) {
                    profiled.run(Map.of(inputName, tensor), Set.of(outputName)).close();
                }
                return RunProfile.lastRun(Path.of(profiled.endProfiling()));
            }
        } catch (OrtException | IOException e) {
            throw new SegmentationException("could not profile model " + profile.name() + ": " + e.getMessage(), e);
        } finally {
            if (folder != null) {
                FolderTree.delete(folder);
            }
        }
    }

    /** The prepared input as the model's {@code [1, 3, size, size]} tensor, over the same buffer. */
    private OnnxTensor tensorOf(ModelInput input) throws OrtException {
        int size = profile.inputSize();
        return OnnxTensor.createTensor(environment, input.buffer, new long[] {1, 3, size, size});
    }

    /** Resizes each channel to the model's square input and normalises it, planar RGB. */
    private void writeInput(RgbImage image, FloatBuffer input) {
        int w = image.width(), h = image.height(), size = profile.inputSize();
        float[][] channels = Resampler.BILINEAR.resizeChannels(image.pixels(), w, h, size, size);
        input.clear();
        for (int c = 0; c < 3; c++) {
            float[] resized = channels[c];
            float mean = profile.mean()[c], std = profile.std()[c];
            for (int i = 0; i < resized.length; i++) {
                resized[i] = (resized[i] / 255f - mean) / std;
            }
            input.put(resized);
        }
        input.rewind();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new SegmentationException("could not close model " + profile.name(), e);
        }
    }

    /** A prepared model input; closing it returns its buffer to the segmenter for the next call. */
    public final class ModelInput implements AutoCloseable {

        private final FloatBuffer buffer;
        private boolean closed;

        private ModelInput(FloatBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                spareInputs.add(buffer);
            }
        }
    }
}
