package dev.backdrop.diffusion;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.diffusion.model.OnnxModel;
import dev.backdrop.diffusion.model.TensorSignature;
import dev.backdrop.diffusion.model.Tensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times calls of one UNet graph on random inputs of the shapes it declares, at a given latent
 * size and batch: the cost of one denoising step, without the rest of the pipeline.
 */
public final class UnetBenchmark {

    /** What was timed: load time and the time of each call, in milliseconds. */
    public record Timing(double loadMillis, double[] callMillis) {
        public double median() {
            double[] sorted = callMillis.clone();
            java.util.Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }
    }

    private UnetBenchmark() {
    }

    public static Timing time(Path unetFolder, ExecutionSettings settings, int latentHeight, int latentWidth, int batch,
                              int calls) {
        long start = System.nanoTime();
        try (OnnxModel unet = OnnxModel.load(unetFolder, "unet", settings)) {
            double load = (System.nanoTime() - start) / 1e6;
            SplittableRandom random = new SplittableRandom(7);
            Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
            try {
                for (TensorSignature input : unet.inputs().values()) {
                    long[] shape = shape(input, batch, latentHeight, latentWidth);
                    int n = 1;
                    for (long d : shape) {
                        n *= (int) d;
                    }
                    float[] values = new float[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = input.name().equals("timestep") ? 500f
                                : input.name().equals("time_ids") ? 1024f : (float) random.nextGaussian();
                    }
                    long[] whole = new long[n];
                    java.util.Arrays.fill(whole, (long) values[0]);
                    feeds.put(input.name(), input.floating() ? Tensors.floats(input, values, shape)
                            : Tensors.numbers(input, whole, shape));
                }
                double[] millis = new double[calls];
                for (int c = 0; c < calls; c++) {
                    long t = System.nanoTime();
                    try (OrtSession.Result ignored = unet.run(feeds)) {
                        millis[c] = (System.nanoTime() - t) / 1e6;
                    }
                }
                return new Timing(load, millis);
            } finally {
                feeds.values().forEach(OnnxTensor::close);
            }
        }
    }

    /** The declared shape with the batch, latent and token dimensions filled in. */
    private static long[] shape(TensorSignature input, int batch, int h, int w) {
        long[] shape = new long[input.rank()];
        for (int i = 0; i < shape.length; i++) {
            if (input.fixed(i)) {
                shape[i] = input.dim(i);
            } else if (i == 0) {
                shape[i] = batch;
            } else if (input.name().equals("encoder_hidden_states") || input.name().equals("ip_tokens")) {
                shape[i] = input.name().equals("ip_tokens") ? 4 : 77;
            } else {
                shape[i] = i == 2 ? h : w;
            }
        }
        return shape;
    }
}
