package dev.backdrop.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Where and how ONNX graphs run; every session of the application is configured here.
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

    /** The GPU {@code device} through the CUDA provider; {@code threads} serve the nodes it leaves to the CPU. */
    public static ExecutionSettings cuda(int device, int threads) {
        if (device < 0) {
            throw new IllegalArgumentException("a CUDA device number is 0 or more, not " + device);
        }
        return new ExecutionSettings(threads, device);
    }

    public boolean onGpu() {
        return cudaDevice >= 0;
    }

    /** Where the graphs run, in words, for logs and benchmark reports. */
    public String describe() {
        return onGpu() ? "CUDA device " + cudaDevice : "CPU, " + (intraOpThreads > 0 ? intraOpThreads : "all") + " threads";
    }

    /**
     * Options for a session of this setting; the caller closes them. The runtime's memory arena
     * keeps each run's activations for the next, so a run neither maps nor faults them in again.
     * Its memory pattern stays off: it plans one block for all activations on the first run and
     * allocates it from the second on, beside the chunks the first run left in the arena, and once
     * more for every new set of input shapes. That was 470 MiB more at the segmenter's peak and
     * 2.3 GB more for an SD 1.5 UNet call on a guided batch of 2, whose second call also took
     * twice as long, with later calls no faster (BENCHMARKS.md).
     */
    public OrtSession.SessionOptions sessionOptions() {
        // Loading the CUDA provider logs through the environment's logger, so the environment comes first.
        OnnxEnvironment.get();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setInterOpNumThreads(1);
            options.setCPUArenaAllocator(true);
            options.setMemoryPatternOptimization(false);
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
            throw new ExecutionUnavailableException(cudaDevice >= 0
                    ? "cannot use CUDA device " + cudaDevice + ": ONNX Runtime's CUDA provider needs an NVIDIA driver,"
                    + " the CUDA 12 runtime (cudart newer than 12.5, cuBLAS 12, cuRAND 10) and cuDNN 9 on the library"
                    + " path; the log line above names what is missing (" + e.getMessage() + ")"
                    : "cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
    }
}
