package dev.backdrop.eval;

import dev.backdrop.image.DecodedImage;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.Mask;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs cut-out methods over labelled photos and scores each against the hand-made masks. The
 * methods come as one function returning a mask per method, so they can share a model pass.
 */
public final class CutoutEvaluation {

    private final ImageDecoder decoder = new ImageDecoder();
    private final MaskScorer scorer = new MaskScorer();

    public EvaluationReport run(List<String> methods, List<LabelledPhoto> photos,
                                Function<RgbImage, List<Mask>> predict, Consumer<ImageScores> each) throws IOException {
        List<ImageScores> images = new ArrayList<>();
        for (LabelledPhoto labelled : photos) {
            RgbImage photo = decoder.decode(labelled.photo()).pixels().rgb();
            Mask truth = readMask(labelled);
            if (truth.width() != photo.width() || truth.height() != photo.height()) {
                throw new EvaluationDataException("mask " + labelled.mask() + " is " + truth.width() + "x"
                        + truth.height() + " but its photo is " + photo.width() + "x" + photo.height());
            }
            List<Mask> predicted = predict.apply(photo);
            List<MaskScore> scores = new ArrayList<>();
            for (Mask mask : predicted) {
                scores.add(scorer.score(mask, truth));
            }
            ImageScores result = new ImageScores(labelled.name(), scores);
            images.add(result);
            each.accept(result);
        }
        return new EvaluationReport(methods, images);
    }

    /** A hand-made mask as coverage: its grey level (the green channel of a colour file) over 255. */
    private Mask readMask(LabelledPhoto labelled) throws IOException {
        DecodedImage image = decoder.decode(labelled.mask());
        int[] px = image.pixels().pixels();
        return new Mask(image.width(), image.height(), PackedPixels.fractions(px, 1, new float[px.length]));
    }
}
