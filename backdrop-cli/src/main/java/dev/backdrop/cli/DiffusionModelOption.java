package dev.backdrop.cli;

import dev.backdrop.diffusion.preset.DiffusionModelResolver;
import dev.backdrop.model.ModelCache;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --diffusion-model}: a preset, a diffusers folder (converted once) or an ONNX folder. */
final class DiffusionModelOption {

    @Option(names = "--diffusion-model", paramLabel = "MODEL",
            description = "Stable Diffusion for the background: a preset installed by 'backdrop models fetch' (e.g."
                    + " sdxl-inpaint), a diffusers folder (converted to ONNX once, into the model cache) or an ONNX"
                    + " folder (Optimum layout); default: the procedural scene generator")
    String spec;

    /** The folder to run, converting a diffusers folder first; null when none was given. */
    Path resolve() {
        return spec == null ? null
                : DiffusionModelResolver.resolve(spec, ModelCache.fromEnvironment(), new ConsoleProgress(System.err));
    }
}
