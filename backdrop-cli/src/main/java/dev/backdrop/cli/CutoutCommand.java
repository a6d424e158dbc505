package dev.backdrop.cli;

import dev.backdrop.InvalidInputException;
import dev.backdrop.image.Encoding;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.ImageEncoder;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.model.ModelCache;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.ImageSource;
import dev.backdrop.segment.Cutout;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.segment.SegmentationModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cutout", mixinStandardHelpOptions = true,
        description = "Cut the subject out of photos: transparent PNG/WebP, or the mask.")
final class CutoutCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "image files or folders of images")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "folder for the results")
    Path output;

    @Option(names = "--format", defaultValue = "png", paramLabel = "png|webp",
            description = "output format, both keep transparency (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--mask", description = "write the alpha mask (gray PNG) instead of the cut-out")
    boolean mask;

    @Option(names = "--crop", description = "crop to the subject's bounding box")
    boolean crop;

    @picocli.CommandLine.Mixin
    SegmenterOptions segmentation;


    @picocli.CommandLine.Mixin
    ExecutionOptions execution;

    @Override
    public Integer call() throws IOException {
        InputFiles photos = InputFiles.atLeastOne(inputs, output, this);
        List<Path> files = photos.files();
        OptionFields fields = new OptionFields().put("image", "INPUT", new ImageSource.File(files.get(0)))
                .put("format", "--format", format).put("crop", "--crop", crop ? Boolean.TRUE : null);
        CutoutOrder order;
        try {
            order = CutoutOrder.read(fields);
        } catch (InvalidInputException e) {
            throw fields.usage(new picocli.CommandLine(this), e);
        }
        ImageFormat outputFormat = order.output().formatFor(true);
        Encoding encoding = order.output().encoding(true, false);
        ExecutionSettings settings = execution.settings(segmentation.threads);
        OutputFolder.create(output, this);
        int failed;
        try (SegmentationModels models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(), settings)) {
            CutoutMaker maker = new CutoutMaker(segmentation.open(models));
            failed = cutAll(photos, maker, encoding, outputFormat);
        }
        if (failed > 0) {
            System.err.println(failed + " of " + files.size() + " images failed");
            return 2;
        }
        return 0;
    }

    private int cutAll(InputFiles photos, CutoutMaker maker, Encoding encoding, ImageFormat outputFormat) {
        ImageDecoder decoder = new ImageDecoder();
        ImageEncoder encoder = new ImageEncoder();
        return BatchProgress.forEach("cutout", photos.files(), file -> {
            Cutout cutout = maker.cut(decoder.decode(file).pixels().rgb());
            if (crop) {
                cutout = cutout.cropped();
            }
            byte[] bytes = mask ? encoder.encodeMask(cutout.mask()) : encoder.encode(cutout.image(), encoding);
            String extension = mask ? "mask.png" : outputFormat.extension();
            Files.write(photos.target(output, photos.nameOf(file) + "." + extension), bytes);
        });
    }
}
