package dev.backdrop.diffusion.preset;

import dev.backdrop.diffusion.convert.ConversionSources;
import dev.backdrop.diffusion.convert.PipelineConverter;
import dev.backdrop.diffusion.graph.Precision;
import dev.backdrop.diffusion.model.InvalidDiffusionModelException;
import dev.backdrop.model.FetchProgress;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns what a user passes as {@code --diffusion-model} into a folder the generator runs: an ONNX
 * folder (Optimum's layout, or one this converter wrote) is used as it is; a diffusers folder is
 * converted once into the model cache and the conversion reused after; a preset name means the
 * preset's converted folder in the model cache.
 */
public final class DiffusionModelResolver {

    private DiffusionModelResolver() {
    }

    public static Path resolve(String spec, ModelCache cache, FetchProgress progress) {
        Path folder = Path.of(spec);
        if (Files.isDirectory(folder)) {
            if (Files.isRegularFile(folder.resolve("unet/model.onnx"))) {
                return folder;
            }
            if (ConversionSources.isDiffusersFolder(folder)) {
                return PipelineConverter.convert(ConversionSources.pipelineOnly(folder),
                        convertedFolder(cache, folder, Precision.FLOAT32), progress);
            }
            throw new InvalidDiffusionModelException(folder + " is neither an ONNX model folder (unet/model.onnx) nor a"
                    + " diffusers folder (model_index.json with unet/config.json and safetensors weights)");
        }
        if (Presets.byName(spec).isPresent()) {
            Path installed = presetFolder(cache, spec);
            if (!Files.isRegularFile(installed.resolve("unet/model.onnx"))) {
                throw new InvalidDiffusionModelException("the preset " + spec + " is not installed in " + cache.directory()
                        + "; run: backdrop models fetch " + spec);
            }
            return installed;
        }
        throw new InvalidDiffusionModelException("--diffusion-model " + spec + " is not a folder nor a preset ("
                + String.join(", ", Presets.names()) + ")");
    }

    /** Where a preset's runnable folder lives in the model cache. */
    public static Path presetFolder(ModelCache cache, String preset) {
        return cache.directory().resolve("diffusion").resolve(preset);
    }

    /** Where the conversion of a user's diffusers folder goes: one per source folder and precision. */
    public static Path convertedFolder(ModelCache cache, Path source, Precision precision) {
        Path absolute = source.toAbsolutePath().normalize();
        String id = Sha256.of(absolute.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        String suffix = precision == Precision.FLOAT32 ? "" : "-" + precision.label();
        return cache.directory().resolve("converted").resolve(absolute.getFileName() + "-" + id + suffix);
    }
}
