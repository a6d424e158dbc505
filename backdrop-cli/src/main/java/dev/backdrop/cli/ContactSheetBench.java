package dev.backdrop.cli;

import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.compose.Framer;
import dev.backdrop.compose.Framing;
import dev.backdrop.compose.Placement;
import dev.backdrop.image.Encoding;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.ImageEncoder;
import dev.backdrop.image.RgbImage;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.sample.DrawnProduct;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Renders photos under a fixed set of prompts into one PNG, to judge the scenes by eye. */
@Command(name = "contact-sheet", mixinStandardHelpOptions = true,
        description = "Render photos x 8 prompts (white, surfaces, props, light) into one PNG, prompt under each row.")
final class ContactSheetBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** A prompt of the sheet and what it should avoid. */
    record SheetPrompt(String prompt, String negativePrompt) {

        String caption() {
            return negativePrompt.isEmpty() ? prompt : prompt + "   (negative: " + negativePrompt + ")";
        }
    }

    /** Scenes that show what a shop owner judges: white levels, surfaces, the camera's angle, props and light. */
    static final List<SheetPrompt> PROMPTS = List.of(
            new SheetPrompt("studio white", ""),
            new SheetPrompt("white marble surface, soft light", ""),
            new SheetPrompt("a professional photo of an object on a table made of dark Wood, dark wood countertop,"
                    + " hd dark Wood wallpaper, award winning photography", "yellow wall"),
            new SheetPrompt("on a rock in the jungle", ""),
            new SheetPrompt("linen with leaves, window light", ""),
            new SheetPrompt("concrete surface, hard light", ""),
            new SheetPrompt("sage green tiles, soft light", ""),
            new SheetPrompt("on the sand at the beach at sunset, golden hour", ""));

    @Parameters(arity = "0..*", paramLabel = "PHOTO", description = "photos or folders (default: bench/photos)")
    List<Path> photos = List.of(Path.of("bench", "photos"));

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the PNG to write")
    Path output;

    @Option(names = "--tile", converter = Count.Positive.class, defaultValue = "180", paramLabel = "PX",
            description = "tile width; scenes render at twice this and are halved (default: ${DEFAULT-VALUE})")
    int tile;

    /** Padding of the centred product: it fills 64% of the tile, leaving the scene room to show. */
    private static final double PADDING = 0.18;

    @Option(names = "--drawn", description = "add the drawn products (bottle, bowl seen from above, mug from a high"
            + " angle, carton) as further columns")
    boolean drawn;

    /** Side of the drawn product photos: as large as a small shop photo. */
    private static final int DRAWN_SIZE = 640;

    @Option(names = "--keep-layout", description = "keep each photo's own shape and product position instead of"
            + " centring the product on a square tile")
    boolean keepLayout;

    @Option(names = "--seed", defaultValue = "1", description = "seed of every scene (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--model", defaultValue = "isnet-fp16", description = "segmentation model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--threads", converter = Count.Positive.class,
            description = "inference threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = InputFiles.expand(photos);
        ImageDecoder decoder = new ImageDecoder();
        List<RgbImage> inputs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            inputs.add(decoder.decode(file).pixels().rgb());
            names.add(file.getFileName().toString());
        }
        if (drawn) {
            for (DrawnProduct product : DrawnProduct.values()) {
                inputs.add(product.draw(DRAWN_SIZE, DRAWN_SIZE).image());
                names.add("drawn " + product.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        List<ContactSheet.Row> rows = new ArrayList<>();
        try (LocalPipeline local = new LocalPipeline(model, null,
                DiffusionOptions.DEFAULT.withExecution(ExecutionSettings.cpu(threads)), LastPhotoSegmenter::new);
             BatchProgress progress = new BatchProgress("contact sheet", inputs.size() * PROMPTS.size())) {
            Pipeline pipeline = local.pipeline();
            List<List<RgbImage>> byPrompt = new ArrayList<>();
            PROMPTS.forEach(p -> byPrompt.add(new ArrayList<>()));
            List<RgbImage> originals = new ArrayList<>();
            for (RgbImage photo : inputs) {
                // Square tiles with the product centred and padded, so the scene around it shows; at
                // twice the tile width. --keep-layout gives the photo's own shape and layout instead.
                int height = keepLayout ? Math.max(2, (int) Math.round(2.0 * tile * photo.height() / photo.width()) & ~1)
                        : 2 * tile;
                Framing framing = new Framing(keepLayout ? new Placement.KeepPosition() : new Placement.Centered(PADDING),
                        2 * tile, height);
                originals.add(ContactSheet.halve(original(pipeline, photo, framing)));
                for (int p = 0; p < PROMPTS.size(); p++) {
                    byPrompt.get(p).add(ContactSheet.halve(render(pipeline, photo, PROMPTS.get(p), framing)));
                    progress.step();
                }
            }
            rows.add(new ContactSheet.Row("the photos: " + String.join(", ", names), originals));
            for (int p = 0; p < PROMPTS.size(); p++) {
                rows.add(new ContactSheet.Row((p + 1) + ". " + PROMPTS.get(p).caption(), byPrompt.get(p)));
            }
        }
        RgbImage sheet = new ContactSheet(tile).render(rows);
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        byte[] png = new ImageEncoder().encode(sheet, Encoding.png());
        Files.write(output, png);
        out.printf("wrote %s: %dx%d, %d KiB, %d photos x %d prompts, seed %d%n", output, sheet.width(),
                sheet.height(), png.length / 1024, inputs.size(), PROMPTS.size(), seed);
        return 0;
    }

    private RgbImage render(Pipeline pipeline, RgbImage photo, SheetPrompt prompt, Framing framing) {
        ReplaceRequest request = new ReplaceRequest(photo, prompt.prompt(), prompt.negativePrompt(), null, 1, seed,
                null, null, framing);
        ReplaceResult result = pipeline.replace(request, PipelineObserver.NONE).get(0);
        return result.image().rgb();
    }

    /** The photo placed on the canvas as the scenes place it, with its own background. */
    private static RgbImage original(Pipeline pipeline, RgbImage photo, Framing framing) {
        return new Framer().frame(photo, pipeline.cutout(photo).mask(), framing).image();
    }
}
