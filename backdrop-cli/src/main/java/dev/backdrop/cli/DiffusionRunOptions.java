package dev.backdrop.cli;

import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.onnx.ExecutionSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How much Stable Diffusion batches, shared by the commands that run it (where it runs: {@link ExecutionOptions}). */
final class DiffusionRunOptions {

    @Option(names = "--max-batch", paramLabel = "ROWS", defaultValue = "0", converter = Count.NonNegative.class,
            description = "the most UNet batch rows per call (guidance makes 2 a sample); lower it when GPU memory"
                    + " is short (default: 0, as many as the request has)")
    int maxBatch;

    /**
     * How the diffusion graphs of {@code model} run. Without a model (the procedural scenes) the
     * batch cap has nothing to apply to and is ignored, with a note.
     */
    DiffusionOptions options(ExecutionSettings execution, Path model) {
        if (model == null && maxBatch != 0) {
            System.err.println("note: --max-batch applies to --diffusion-model; the procedural scenes ignore it");
            return DiffusionOptions.DEFAULT.withExecution(execution);
        }
        return options(execution);
    }

    /** {@link #options(ExecutionSettings, Path)} for a command that always runs a diffusion model. */
    DiffusionOptions options(ExecutionSettings execution) {
        return DiffusionOptions.DEFAULT.withMaxBatch(maxBatch).withExecution(execution);
    }
}
