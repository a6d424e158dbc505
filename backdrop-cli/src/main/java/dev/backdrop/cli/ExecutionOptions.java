package dev.backdrop.cli;

import dev.backdrop.model.ModelCache;
import dev.backdrop.model.OnnxRuntimeGpu;
import dev.backdrop.onnx.ExecutionSettings;
import picocli.CommandLine.Option;

/** Where the ONNX graphs of a command run, the cut-out model and the diffusion graphs alike. */
final class ExecutionOptions {

    @Option(names = "--cuda-device", paramLabel = "N", converter = Count.NonNegative.class,
            description = "run the cut-out model and Stable Diffusion on this CUDA GPU (needs 'backdrop models fetch"
                    + " onnxruntime-gpu', CUDA 12 and cuDNN 9; default: the CPU)")
    Integer device;

    /**
     * The settings for {@code threads} CPU threads, or for the GPU asked for. Choosing a GPU switches
     * ONNX Runtime to its CUDA build, so this is called before the command opens any model.
     */
    ExecutionSettings settings(int threads) {
        if (device == null) {
            return ExecutionSettings.cpu(threads);
        }
        OnnxRuntimeGpu.in(ModelCache.fromEnvironment()).use();
        return ExecutionSettings.cuda(device, threads);
    }
}
