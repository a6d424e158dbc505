package dev.backdrop.cli;

import dev.backdrop.BackdropException;
import dev.backdrop.InvalidInputException;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.RgbImage;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.request.ImageSource;
import dev.backdrop.request.Ranges;
import dev.backdrop.request.ReplaceOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replace", mixinStandardHelpOptions = true,
        description = {"Put the product of each photo on a new background described by a prompt.",
                "Writes BASE-SAMPLE.EXT per result, BASE-SAMPLE.LAYER.png with --layers, and BASE.json with how"
                        + " the prompt was read, the seed and the product's fidelity."})
final class ReplaceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "image files or folders of images")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "folder for the results")
    Path output;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT",
            description = "the background wanted; 'transparent' writes cut-outs instead")
    String prompt;

    @Option(names = "--negative-prompt", defaultValue = "", paramLabel = "TEXT",
            description = "what the background should avoid, e.g. colours")
    String negativePrompt;

    @Option(names = "--ref-image", paramLabel = "FILE", description = "an image whose look the background should take")
    Path refImage;

    @Option(names = "--ref-weight", paramLabel = "W",
            description = "how much of the background is the reference, 0-1 (default: 0.5)")
    Double refWeight;

    @Option(names = "--samples", paramLabel = "N",
            description = "results per photo, 1-16, seeds SEED, SEED+1, ... (default: 1)")
    Integer samples;

    @Option(names = "--seed", paramLabel = "N",
            description = "first seed, 0 to " + Pipeline.MAX_SEED + ", or -1 for a random one; the same seed gives"
                    + " the same image (default: random)")
    Long seed;

    @Option(names = "--size", paramLabel = "WxH", description = "output size, e.g. 1024x1024 (default: the photo's)")
    String size;

    @Option(names = "--aspect", paramLabel = "RATIO",
            description = "1:1, 4:5, 16:9 or marketplace (square, pure white, product centred filling 85%%),"
                    + " keeping the pixel count")
    String aspect;

    @Option(names = "--placement", paramLabel = "keep|center",
            description = "keep the product where it is, or re-frame it centred so the scene shows"
                    + " (default: keep)")
    String placement;

    @Option(names = "--fill", paramLabel = "SHARE",
            description = "with --placement center: the product's larger side as a share of the canvas's shorter"
                    + " side, 0.05 to 1 (default: 0.65)")
    Double fill;

    @Option(names = "--padding", paramLabel = "SHARE",
            description = "with --placement center: the least margin on every side, 0 to 0.45 of the canvas"
                    + " (default: 0.1)")
    Double padding;

    @Option(names = "--shadow", paramLabel = "none|soft|hard",
            description = "shadow style: a contact shadow at the base and a cast shadow away from the light"
                    + " (default: soft)")
    String shadow;

    @Option(names = "--shadow-strength", paramLabel = "S",
            description = "shadow darkness 0-1; 0.5 is what the scene's light calls for (default: 0.5)")
    Double shadowStrength;

    @Option(names = "--no-shadow", description = "draw no shadows (as --shadow none)")
    boolean noShadow;

    @Option(names = "--no-preserve-product",
            description = "let harmonisation and light wrap touch the whole product, not just its edges")
    boolean noPreserveProduct;

    @Option(names = "--layers", description = "also write the cut-out, shadow, background and mask layers")
    boolean layers;

    @Option(names = "--format", paramLabel = "jpeg|png|webp",
            description = "output format (default: jpeg, png for 'transparent')")
    String format;

    @Option(names = "--model", defaultValue = "isnet-fp16", paramLabel = "MODEL",
            description = "segmentation model: isnet-fp16, isnet-quint8 or an .onnx file (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--threads", converter = Count.Positive.class,
            paramLabel = "N", description = "inference threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    DiffusionModelOption diffusionModelOption;

    @Mixin
    ExecutionOptions execution;

    @Mixin
    DiffusionRunOptions diffusionRun;

    @Option(names = "--scheduler", paramLabel = "NAME",
            description = "diffusion scheduler, e.g. 'DPM2 Karras', 'Euler a' (default: DPM2 Karras)")
    String scheduler;

    @Option(names = "--steps", paramLabel = "N", description = "diffusion steps, 1-150 (default: 25)")
    Integer steps;

    @Option(names = "--guidance", paramLabel = "N", description = "diffusion guidance scale, 0-30 (default: 7.5)")
    Double guidance;

    @Override
    public Integer call() throws IOException {
        InputFiles photos = InputFiles.atLeastOne(inputs, output, this);
        List<Path> files = photos.files();
        ReplaceOrder order = order(files.get(0));
        RgbImage reference = refImage == null ? null : readReference();
        Path diffusionModel = diffusionModelOption.resolve();
        if (diffusionModel == null && !order.isTransparent() && (scheduler != null || steps != null || guidance != null)) {
            System.err.println("note: --scheduler, --steps and --guidance tune diffusion; the procedural scenes"
                    + " ignore them");
        }
        if (order.presentation().whiteBackground() && !order.isTransparent()) {
            System.err.println("note: --aspect marketplace makes the background pure white; the prompt is not used");
        }
        DiffusionOptions diffusion = diffusionRun.options(execution.settings(threads), diffusionModel);
        OutputFolder.create(output, this);
        int failed;
        try (LocalPipeline local = new LocalPipeline(model, diffusionModel, diffusion, s -> s)) {
            failed = replaceAll(photos, local.pipeline(), order, reference);
        }
        if (failed > 0) {
            System.err.println(failed + " of " + files.size() + " images failed");
            return 2;
        }
        return 0;
    }

    /** The options as a replace order under the native rules, checked before any model loads. */
    ReplaceOrder order(Path firstPhoto) {
        OptionFields fields = new OptionFields()
                .put("image", "INPUT", new ImageSource.File(firstPhoto))
                .put("ref_image", "--ref-image", refImage == null ? null : new ImageSource.File(refImage))
                .put("prompt", "--prompt", prompt)
                .put("negative_prompt", "--negative-prompt", negativePrompt)
                .put("samples", "--samples", samples)
                .put("seed", "--seed", seed)
                .put("scheduler", "--scheduler", scheduler)
                .put("num_inference_steps", "--steps", steps)
                .put("guidance_scale", "--guidance", guidance)
                .put("ip_adapter_weight", "--ref-weight", refWeight)
                .put("format", "--format", format)
                .put("size", "--size", size)
                .put("aspect", "--aspect", aspect)
                .put("placement", "--placement", placement)
                .put("fill", "--fill", fill)
                .put("padding", "--padding", padding)
                .put("shadow", noShadow ? "--no-shadow" : "--shadow", noShadow ? "none" : shadow)
                .put("shadow_strength", "--shadow-strength", shadowStrength)
                .put("preserve_product", "--no-preserve-product", noPreserveProduct ? Boolean.FALSE : null)
                .put("layers", "--layers", layers ? Boolean.TRUE : null);
        try {
            return ReplaceOrder.read(fields, Ranges.NATIVE);
        } catch (InvalidInputException e) {
            throw fields.usage(new CommandLine(this), e);
        }
    }

    private RgbImage readReference() {
        try {
            return new ImageDecoder().decode(refImage).pixels().rgb();
        } catch (NoSuchFileException e) {
            throw usage("--ref-image: no such file " + refImage);
        } catch (IOException e) {
            throw usage("--ref-image: cannot read " + refImage + ": " + e.getMessage());
        } catch (BackdropException e) {
            throw usage("--ref-image " + refImage + ": " + e.getMessage());
        }
    }

    private int replaceAll(InputFiles photos, Pipeline pipeline, ReplaceOrder order, RgbImage reference) {
        ImageDecoder decoder = new ImageDecoder();
        ResultFiles writer = new ResultFiles(output, order.output().encoding(order.isTransparent(), false), photos);
        return BatchProgress.forEach("replace", photos.files(), file -> {
            ReplaceRequest request = order.toPipeline(decoder.decode(file).pixels().rgb(), reference);
            List<ReplaceResult> results = pipeline.replace(request, PipelineObserver.NONE);
            for (String line : writer.write(file, request, results)) {
                BatchProgress.result(spec.commandLine().getOut(), line);
            }
        });
    }

    private CommandLine.ParameterException usage(String message) {
        // A command line of its own, as the cutout command does: its usage goes to System.err.
        return new CommandLine.ParameterException(new CommandLine(this), message);
    }
}
