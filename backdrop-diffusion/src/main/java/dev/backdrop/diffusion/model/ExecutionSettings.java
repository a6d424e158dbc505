package dev.backdrop.diffusion.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Where and how the graphs run.
 *
 * @param intraOpThreads threads per graph on the CPU; 0 lets ONNX Runtime choose
 * @param cudaDevice     the GPU to run on with the CUDA provider (needs the onnxruntime_gpu
 *                       artifact on the class path), or -1 for the CPU
 */
public record ExecutionSettings(int intraOpThreads, int cudaDevice) {

    public static final ExecutionSettings CPU = new ExecutionSettings(0, -1);

    public static ExecutionSettings cpu(int threads) {
        return new ExecutionSettings(threads, -1);
    }

    OrtSession.SessionOptions sessionOptions() {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Worker threads spin inside a run but stop when it returns: spinning on between UNet
            // calls, they took the cores the denoising loop's own work needs.
            options.addConfigEntry("session.force_spinning_stop", "1");
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (cudaDevice >= 0) {
                options.addCUDA(cudaDevice);
            }
            return options;
        } catch (OrtException e) {
            options.close();
            throw new InvalidDiffusionModelException(cudaDevice >= 0
                    ? "cannot use CUDA device " + cudaDevice + " (is the onnxruntime_gpu artifact installed and a GPU"
                    + " present?): " + e.getMessage()
                    : "cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
    }
}
