package dev.backdrop.eval;

import java.util.Comparator;
import java.util.List;

/** Scores of several methods on the same labelled photos; the first method is the one judged. */
public record EvaluationReport(List<String> methods, List<ImageScores> images) {

    public EvaluationReport {
        methods = List.copyOf(methods);
        images = List.copyOf(images);
    }

    /** Mean of each score over all photos for one method (by its index in {@link #methods}). */
    public MaskScore mean(int method) {
        double iou = 0, mae = 0, f = 0;
        for (ImageScores image : images) {
            MaskScore s = image.scores().get(method);
            iou += s.iou();
            mae += s.mae();
            f += s.boundaryF();
        }
        int n = Math.max(1, images.size());
        return new MaskScore(iou / n, mae / n, f / n);
    }

    /** The {@code n} photos on which the first method scores the lowest IoU, worst first. */
    public List<ImageScores> worst(int n) {
        return images.stream()
                .sorted(Comparator.comparingDouble((ImageScores s) -> s.scores().get(0).iou())
                        .thenComparing(ImageScores::name))
                .limit(n)
                .toList();
    }
}
