package dev.backdrop.segment;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.image.Mask;
import dev.backdrop.filter.Resampler;
import dev.backdrop.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs a segmentation model on ONNX Runtime. One session per model, shared by all threads
 * ({@link OrtSession#run} is thread-safe); each call brings its own input buffer.
 */
public final class OnnxSegmenter implements Segmenter, AutoCloseable {

    private final ModelProfile profile;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;

    public OnnxSegmenter(ModelProfile profile, int intraOpThreads) {
        this.profile = profile;
        this.environment = OrtEnvironment.getEnvironment();
        // Without the arena, activations are freed after each run instead of being kept for the
        // next: a 20-image batch peaks near 1.46 GB instead of 1.99 GB (see BENCHMARKS.md).
        try (OrtSession.SessionOptions options = ExecutionSettings.cpu(intraOpThreads).sessionOptions(false)) {
            this.session = environment.createSession(profile.file().toString(), options);
            this.inputName = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new SegmentationException("could not load model " + profile.name() + " from " + profile.file()
                    + ": " + e.getMessage(), e);
        }
    }

    public ModelProfile profile() {
        return profile;
    }

    @Override
    public Mask segment(RgbImage image) {
        int size = profile.inputSize();
        float[] raw = infer(image);
        float[] full = Resampler.BICUBIC.resize(raw, size, size, image.width(), image.height());
        // Resized first, then made alpha: logits get their sigmoid after resizing, which keeps the
        // edge as sharp as the model made it.
        MaskOutput output = profile.output();
        for (int i = 0; i < full.length; i++) {
            full[i] = output.alpha(full[i]);
        }
        return new Mask(image.width(), image.height(), full);
    }

    /** The model's mask at its own input resolution, values as the model gives them. */
    float[] infer(RgbImage image) {
        int size = profile.inputSize();
        FloatBuffer input = ByteBuffer.allocateDirect(3 * size * size * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        writeInput(image, input);
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, new long[] {1, 3, size, size});
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            FloatBuffer output = ((OnnxTensor) result.get(profile.outputIndex())).getFloatBuffer();
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

    /** Resizes each channel to the model's square input and normalises it, planar RGB. */
    private void writeInput(RgbImage image, FloatBuffer input) {
        int w = image.width(), h = image.height(), size = profile.inputSize();
        int[] px = image.pixels();
        float[] channel = new float[px.length];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            for (int i = 0; i < px.length; i++) {
                channel[i] = (px[i] >> shift) & 0xFF;
            }
            float[] resized = Resampler.BILINEAR.resize(channel, w, h, size, size);
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
}
