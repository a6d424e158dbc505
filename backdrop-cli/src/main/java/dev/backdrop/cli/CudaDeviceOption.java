package dev.backdrop.cli;

import dev.backdrop.diffusion.model.ExecutionSettings;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.OnnxRuntimeGpu;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --cuda-device}: the GPU Stable Diffusion runs on, shared by the commands that run it. */
final class CudaDeviceOption {

    @Option(names = "--cuda-device", paramLabel = "N",
            description = "run Stable Diffusion on this CUDA GPU (needs 'backdrop models fetch onnxruntime-gpu',"
                    + " CUDA 12 and cuDNN 9; default: the CPU)")
    Integer device;

    /**
     * Where the diffusion graphs run. Choosing a GPU switches ONNX Runtime to its CUDA build, so this
     * is called before the command opens any model.
     */
    ExecutionSettings execution(int threads) {
        if (device == null) {
            return ExecutionSettings.cpu(threads);
        }
        if (device < 0) {
            throw new ParameterException(new CommandLine(this), "--cuda-device is a GPU number, 0 or more; got " + device);
        }
        OnnxRuntimeGpu.in(ModelCache.fromEnvironment()).use();
        return ExecutionSettings.cuda(device, threads);
    }
}
