package dev.backdrop.cli;

import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.OnnxRuntimeGpu;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where Stable Diffusion runs and how much it batches, shared by the commands that run it. */
final class DiffusionRunOptions {

    @Option(names = "--cuda-device", paramLabel = "N",
            description = "run Stable Diffusion on this CUDA GPU (needs 'backdrop models fetch onnxruntime-gpu',"
                    + " CUDA 12 and cuDNN 9; default: the CPU)")
    Integer device;

    @Option(names = "--max-batch", paramLabel = "ROWS", defaultValue = "0",
            description = "the most UNet batch rows per call (guidance makes 2 a sample); lower it when GPU memory"
                    + " is short (default: 0, as many as the request has)")
    int maxBatch;

    /**
     * How the diffusion graphs of {@code model} run. Choosing a GPU switches ONNX Runtime to its
     * CUDA build, so this is called before the command opens any model. Without a model (the
     * procedural scenes) the options have nothing to run and are ignored, with a note.
     */
    DiffusionOptions options(int threads, Path model) {
        if (model == null && (device != null || maxBatch != 0)) {
            System.err.println("note: --cuda-device and --max-batch apply to --diffusion-model; the procedural"
                    + " scenes ignore them");
            return DiffusionOptions.DEFAULT.withExecution(ExecutionSettings.cpu(threads));
        }
        return options(threads);
    }

    /** {@link #options(int, Path)} for a command that always runs a diffusion model. */
    DiffusionOptions options(int threads) {
        if (maxBatch < 0) {
            throw usage("--max-batch is 0 (no limit) or a number of rows; got " + maxBatch);
        }
        DiffusionOptions options = DiffusionOptions.DEFAULT.withMaxBatch(maxBatch);
        if (device == null) {
            return options.withExecution(ExecutionSettings.cpu(threads));
        }
        if (device < 0) {
            throw usage("--cuda-device is a GPU number, 0 or more; got " + device);
        }
        OnnxRuntimeGpu.in(ModelCache.fromEnvironment()).use();
        return options.withExecution(ExecutionSettings.cuda(device, threads));
    }

    private ParameterException usage(String message) {
        return new ParameterException(new CommandLine(this), message);
    }
}
