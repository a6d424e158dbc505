package dev.backdrop.cli;

import dev.backdrop.eval.CutoutEvaluation;
import dev.backdrop.eval.EvaluationReport;
import dev.backdrop.eval.ImageScores;
import dev.backdrop.eval.LabelledPhoto;
import dev.backdrop.eval.LabelledPhotos;
import dev.backdrop.eval.MaskScore;
import dev.backdrop.image.Mask;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.segment.MaskRefiner;
import dev.backdrop.segment.SegmentationModels;
import dev.backdrop.segment.Segmenter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scores the cut-out against hand-made masks, and beside it the model's own mask used directly as
 * alpha, from the same model pass: what the refinement adds on the operator's own photos.
 */
@Command(name = "cutout", mixinStandardHelpOptions = true,
        description = "Score cut-outs against hand-made masks: IoU, MAE and boundary F per photo and mean.")
final class CutoutEval implements Callable<Integer> {

    private static final List<String> METHODS = List.of("cut-out", "model alone");

    @Spec
    CommandSpec spec;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "folder of photos")
    Path images;

    @Option(names = "--masks", required = true, paramLabel = "DIR",
            description = "folder of masks (white = subject), named like the photos (001.jpg and 001.png)")
    Path masks;

    @picocli.CommandLine.Mixin
    SegmenterOptions segmentation;

    @Option(names = "--limit", converter = Count.Positive.class,
            paramLabel = "N", description = "only the first N photos, by name")
    Integer limit;


    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<LabelledPhoto> photos = LabelledPhotos.pair(images, masks);
        if (limit != null) {
            photos = photos.subList(0, Math.min(limit, photos.size()));
        }
        MaskRefiner refiner = new MaskRefiner();
        EvaluationReport report;
        try (SegmentationModels models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(), segmentation.threads)) {
            Segmenter segmenter = segmentation.open(models);
            out.printf("model %s (%s quality), %d photos; IoU of alpha > 0.5, MAE of alpha, boundary F (tolerance 0.8%% of the diagonal)%n",
                    segmentation.model, segmentation.quality.name().toLowerCase(Locale.ROOT), photos.size());
            out.printf("%-24s %7s %7s %7s%n", "photo", "IoU", "MAE", "bound F");
            report = new CutoutEvaluation().run(METHODS, photos, photo -> {
                Mask raw = segmenter.segment(photo);
                Mask alone = new Mask(raw.width(), raw.height(), raw.alpha().clone());
                return List.of(refiner.refine(photo, raw), alone);
            }, image -> {
                out.printf("%-24s %s%n", image.name(), row(image.scores().get(0)));
                out.flush();
            });
        }
        out.println();
        out.printf("%-24s %7s %7s %7s%n", "mean of " + report.images().size(), "IoU", "MAE", "bound F");
        for (int m = 0; m < METHODS.size(); m++) {
            out.printf("%-24s %s%n", METHODS.get(m), row(report.mean(m)));
        }
        out.println();
        out.println("worst five (cut-out IoU):");
        for (ImageScores image : report.worst(5)) {
            out.printf("%-24s %s%n", image.name(), row(image.scores().get(0)));
        }
        out.flush();
        return 0;
    }

    private static String row(MaskScore s) {
        return String.format("%7.4f %7.4f %7.4f", s.iou(), s.mae(), s.boundaryF());
    }
}
