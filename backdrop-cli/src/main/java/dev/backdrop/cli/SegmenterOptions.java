package dev.backdrop.cli;

import dev.backdrop.segment.CutoutQuality;
import dev.backdrop.segment.SegmentationModels;
import dev.backdrop.segment.Segmenter;
import picocli.CommandLine.Option;

/** The segmentation model, quality and threads, as {@code cutout} and {@code eval cutout} take them. */
final class SegmenterOptions {

    @Option(names = "--model", defaultValue = "isnet-fp16", paramLabel = "MODEL",
            description = "isnet-fp16, isnet-quint8 or the path of an .onnx file, fed as the .json of the same name "
                    + "beside it says, else like ISNet (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--quality", defaultValue = "standard", paramLabel = "standard|high", converter = QualityOption.class,
            description = "high: also segment the mirror image and average, twice the model time (default: ${DEFAULT-VALUE})")
    CutoutQuality quality;

    @Option(names = "--threads", converter = Count.Positive.class,
            paramLabel = "N", description = "inference threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    /** The segmenter these options name, loaded (fetched first if missing) from {@code models}. */
    Segmenter open(SegmentationModels models) {
        return quality.apply(models.segmenter(model, new ConsoleProgress(System.err)));
    }
}
