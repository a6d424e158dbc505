package dev.backdrop.cli;

import dev.backdrop.BackdropException;
import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.compose.AspectPreset;
import dev.backdrop.compose.CompositionOptions;
import dev.backdrop.compose.Framing;
import dev.backdrop.compose.InvalidCompositionException;
import dev.backdrop.compose.Placement;
import dev.backdrop.compose.ShadowStyle;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.image.Encoding;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.image.RgbImage;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.pipeline.ReplaceResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})[xX](\\d{1,5})");

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

    @Option(names = "--ref-weight", defaultValue = "0.6", paramLabel = "W",
            description = "how much of the background is the reference, 0-1 (default: ${DEFAULT-VALUE})")
    double refWeight;

    @Option(names = "--samples", defaultValue = "1", paramLabel = "N",
            description = "results per photo, seeds SEED, SEED+1, ... (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "-1", paramLabel = "N",
            description = "first seed, 0 to " + Pipeline.MAX_SEED + "; the same seed gives the same image"
                    + " (default: random)")
    long seed;

    @Option(names = "--size", paramLabel = "WxH", description = "output size, e.g. 1024x1024 (default: the photo's)")
    String size;

    @Option(names = "--aspect", paramLabel = "RATIO",
            description = "1:1, 4:5, 16:9 or marketplace (square, pure white, product centred filling 85%%),"
                    + " keeping the pixel count")
    String aspect;

    @Option(names = "--placement", defaultValue = "keep", paramLabel = "keep|center",
            description = "keep the product where it is, or re-frame it centred so the scene shows"
                    + " (default: ${DEFAULT-VALUE})")
    String placement;

    @Option(names = "--fill", paramLabel = "SHARE",
            description = "with --placement center: the product's larger side as a share of the canvas's shorter"
                    + " side, above 0 up to 1 (default: 0.65)")
    Double fill;

    @Option(names = "--padding", paramLabel = "SHARE",
            description = "with --placement center: the least margin on every side, 0 to 0.45 of the canvas"
                    + " (default: 0.1)")
    Double padding;

    @Option(names = "--shadow", defaultValue = "soft", paramLabel = "none|soft|hard",
            description = "shadow style: a contact shadow at the base and a cast shadow away from the light"
                    + " (default: ${DEFAULT-VALUE})")
    String shadow;

    @Option(names = "--shadow-strength", defaultValue = "0.5", paramLabel = "S",
            description = "shadow darkness 0-1; 0.5 is what the scene's light calls for (default: ${DEFAULT-VALUE})")
    double shadowStrength;

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

    @Option(names = "--threads", paramLabel = "N", description = "inference threads (default: all cores)")
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

    @Option(names = "--steps", defaultValue = "25", paramLabel = "N",
            description = "diffusion steps, 1-150 (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--guidance", defaultValue = "7.5", paramLabel = "N",
            description = "diffusion guidance scale, 0-30 (default: ${DEFAULT-VALUE})")
    double guidance;

    @Override
    public Integer call() throws IOException {
        ReplaceRequest template = template();
        Encoding encoding = encoding(template.isTransparent());
        if (scheduler != null) {
            SchedulerName.parse(scheduler);
        }
        Path diffusionModel = diffusionModelOption.resolve();
        if (diffusionModel == null && !template.isTransparent() && (scheduler != null || steps != 25 || guidance != 7.5)) {
            System.err.println("note: --scheduler, --steps and --guidance tune diffusion; the procedural scenes"
                    + " ignore them");
        }
        List<Path> files = InputFiles.expand(inputs);
        DiffusionOptions diffusion = diffusionRun.options(execution.settings(threads), diffusionModel);
        int failed;
        try (LocalPipeline local = new LocalPipeline(model, diffusionModel, diffusion, s -> s)) {
            Files.createDirectories(output);
            failed = replaceAll(files, local.pipeline(), template, encoding);
        }
        if (failed > 0) {
            System.err.println(failed + " of " + files.size() + " images failed");
            return 2;
        }
        return 0;
    }

    /** Everything of the request but the photo and its framing, checked before any model loads. */
    private ReplaceRequest template() {
        if (samples < 1 || samples > 16) {
            throw usage("--samples must be between 1 and 16, got " + samples);
        }
        if (seed < -1 || seed > Pipeline.MAX_SEED) {
            throw usage("--seed must be between 0 and " + Pipeline.MAX_SEED + ", got " + seed);
        }
        if (size != null && aspect != null) {
            throw usage("give --size or --aspect, not both");
        }
        if (size != null && !SIZE.matcher(size).matches()) {
            throw usage("--size must look like 1024x768, not '" + size + "'");
        }
        if (size != null) {
            framing(null); // a size the compositor refuses fails here, before any model loads
        } else if (aspect != null) {
            AspectPreset.parse(aspect);
        }
        placement();
        if (aspect != null && AspectPreset.parse(aspect).whiteBackground()
                && !prompt.strip().equalsIgnoreCase(ReplaceRequest.TRANSPARENT)) {
            System.err.println("note: --aspect marketplace makes the background pure white; the prompt is not used");
        }
        RgbImage reference = refImage == null ? null : readReference();
        CompositionOptions composition = CompositionOptions.DEFAULT.withShadow(shadowStyle())
                .withPreserveProduct(!noPreserveProduct).withLayers(layers);
        BackgroundParameters parameters = new BackgroundParameters(BackgroundParameters.DEFAULT.strength(),
                refWeight, guidance, steps, scheduler, BackgroundParameters.DEFAULT.controlNetWeight());
        // A 1x1 stand-in photo: the real one and its framing are set per file.
        return new ReplaceRequest(new RgbImage(1, 1, new int[1]), prompt, negativePrompt, reference, samples,
                seed, parameters, composition, null);
    }

    private RgbImage readReference() {
        try {
            return new ImageDecoder().decode(refImage).pixels().rgb();
        } catch (NoSuchFileException e) {
            throw usage("--ref-image: no such file " + refImage);
        } catch (IOException e) {
            throw usage("--ref-image: cannot read " + refImage + ": " + e.getMessage());
        }
    }

    private Encoding encoding(boolean transparent) {
        ImageFormat chosen = format == null ? (transparent ? ImageFormat.PNG : ImageFormat.JPEG)
                : ImageFormat.forName(format).filter(ImageFormat::writable)
                        .orElseThrow(() -> usage("--format must be jpeg, png or webp, not '" + format + "'"));
        if (transparent && !chosen.keepsAlpha()) {
            throw usage("--format " + format + " cannot keep the cut-out's transparency; use png or webp");
        }
        return switch (chosen) {
            case WEBP -> transparent ? Encoding.webpLossless() : Encoding.webpLossy(0.9f);
            default -> Encoding.defaultFor(chosen);
        };
    }

    private ShadowStyle shadowStyle() {
        try {
            ShadowStyle.Kind kind = noShadow ? ShadowStyle.Kind.NONE : ShadowStyle.Kind.parse("--shadow", shadow);
            return new ShadowStyle(kind, shadowStrength);
        } catch (InvalidCompositionException e) {
            throw usage(e.field().equals("shadow_strength")
                    ? "--shadow-strength must be between 0 and 1, got " + shadowStrength : e.getMessage());
        }
    }

    private Placement placement() {
        return switch (placement.toLowerCase(Locale.ROOT)) {
            case "keep" -> {
                if (fill != null || padding != null) {
                    throw usage((fill != null ? "--fill" : "--padding") + " applies to --placement center");
                }
                yield new Placement.KeepPosition();
            }
            case "center", "centre" -> {
                try {
                    yield Placement.centered(fill, padding);
                } catch (InvalidCompositionException e) {
                    throw usage("--" + e.field() + ": " + e.getMessage());
                }
            }
            default -> throw usage("--placement must be keep or center, not '" + placement + "'");
        };
    }

    /** The canvas for one photo, or null to keep the photo's own size and layout. */
    private Framing framing(RgbImage photo) {
        Placement place = placement();
        if (size != null) {
            Matcher m = SIZE.matcher(size);
            m.matches();
            return new Framing(place, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        if (aspect != null) {
            return AspectPreset.parse(aspect).framing(photo.width(), photo.height(), place);
        }
        return place instanceof Placement.KeepPosition ? null : new Framing(place, photo.width(), photo.height());
    }

    private int replaceAll(List<Path> files, Pipeline pipeline, ReplaceRequest template, Encoding encoding) {
        ImageDecoder decoder = new ImageDecoder();
        ResultFiles writer = new ResultFiles(output, encoding);
        return BatchProgress.forEach("replace", files, file -> {
            RgbImage photo = decoder.decode(file).pixels().rgb();
            ReplaceRequest request = new ReplaceRequest(photo, template.prompt(), template.negativePrompt(),
                    template.reference(), template.samples(), template.seed(), template.parameters(),
                    template.composition(), framing(photo));
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
