package dev.backdrop.cli;

import dev.backdrop.diffusion.convert.ConversionSources;
import dev.backdrop.diffusion.preset.DiffusionModelResolver;
import dev.backdrop.diffusion.convert.PipelineConverter;
import dev.backdrop.diffusion.graph.Precision;
import dev.backdrop.model.ModelCache;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a Stable Diffusion pipeline in the diffusers layout (safetensors weights) into the ONNX"
                + " folder that --diffusion-model runs, once: an unchanged source is not converted again.",
                "A ControlNet folder and an IP-Adapter (its weights file and the image_encoder folder it was trained"
                        + " with) are wired in when given; a LoRA (such as latent-consistency/lcm-lora-sdv1-5's"
                        + " pytorch_lora_weights.safetensors) is fused into the UNet's weights."})
final class ModelsConvert implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "the diffusers folder (model_index.json, unet/, vae/, text_encoder/, ...)")
    Path source;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "where the ONNX folder goes (default: the model cache's converted/ folder)")
    Path output;

    @Option(names = "--controlnet", paramLabel = "DIR", description = "a ControlNet in the diffusers layout")
    Path controlNet;

    @Option(names = "--ip-adapter", paramLabel = "FILE", description = "IP-Adapter weights (ip-adapter_*.safetensors)")
    Path ipAdapter;

    @Option(names = "--image-encoder", paramLabel = "DIR",
            description = "the IP-Adapter's CLIP image encoder folder (config.json, model.safetensors)")
    Path imageEncoder;

    @Option(names = "--lora", paramLabel = "FILE", description = "a UNet LoRA to fuse into the weights, in the layout"
            + " the LCM-LoRA publishes (lora_unet_<layer>.lora_down.weight, .lora_up.weight, .alpha)")
    Path lora;

    @Option(names = "--lora-scale", paramLabel = "S", description = "how much of the LoRA's update to fuse: 1 (default)"
            + " as trained, 0 none")
    Double loraScale;

    @Option(names = "--lcm-scheduler", description = "sample the converted model with the LCM scheduler whatever a"
            + " request names (for a UNet with the LCM-LoRA fused in: use 4 to 8 steps and guidance 1 to 2)")
    boolean lcmScheduler;

    @Option(names = "--fp16-weights", description = "read the *.fp16.safetensors variants where present")
    boolean fp16;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "float32", converter = PrecisionConverter.class,
            description = "float32 (default; the fastest on a CPU) or float16 (for CUDA: half the memory; a VAE whose"
                    + " config asks for force_upcast stays float32)")
    Precision precision;

    /** Reads {@code float32} / {@code float16}. */
    static final class PrecisionConverter implements CommandLine.ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            for (Precision p : Precision.values()) {
                if (p.label().equals(value)) {
                    return p;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a precision: use float32 or float16");
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((ipAdapter == null) != (imageEncoder == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--ip-adapter and --image-encoder go together: the adapter needs the image encoder it was trained with");
        }
        if (loraScale != null && lora == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--lora-scale needs --lora FILE");
        }
        if (loraScale != null && !Double.isFinite(loraScale)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--lora-scale must be a finite number, got "
                    + loraScale);
        }
        ConversionSources sources = new ConversionSources(source, Optional.ofNullable(controlNet),
                ipAdapter == null ? Optional.empty()
                        : Optional.of(new ConversionSources.IpAdapterFiles(ipAdapter, imageEncoder)), fp16,
                Optional.ofNullable(lora).map(file -> new ConversionSources.LoraFile(file, loraScale == null ? 1 : loraScale)),
                lcmScheduler, precision);
        Path out = output != null ? output
                : DiffusionModelResolver.convertedFolder(ModelCache.fromEnvironment(), source, precision);
        if (PipelineConverter.upToDate(sources, out)) {
            spec.commandLine().getOut().println("already converted: " + out);
            return 0;
        }
        long start = System.nanoTime();
        PipelineConverter.convert(sources, out, new ConsoleProgress(System.err));
        spec.commandLine().getOut().printf("converted %s to %s in %.1f s; run it with --diffusion-model %s%n", source,
                out, (System.nanoTime() - start) / 1e9, out);
        return 0;
    }
}
