package dev.backdrop.segment;

import dev.backdrop.image.Box;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;

/** Segment, refine the alpha at full resolution, decontaminate the border colours. */
public final class CutoutMaker {

    private final Segmenter segmenter;
    private final MaskRefiner refiner = new MaskRefiner();
    private final ForegroundEstimator foreground = new ForegroundEstimator();

    public CutoutMaker(Segmenter segmenter) {
        this.segmenter = segmenter;
    }

    public Cutout cut(RgbImage image) {
        Mask raw = segmenter.segment(image);
        Mask refined = refiner.refine(image, raw);
        Box box = Box.of(refined, Cutout.SUBJECT_THRESHOLD);
        return new Cutout(foreground.estimate(image, refined), refined, box, confidence(refined, box));
    }

    /**
     * Share of decisive pixels (alpha below 0.1 or above 0.9) in the subject's box grown by 10%:
     * a clean cut-out is near 1, a hesitant, foggy mask much lower. No subject gives 0.
     */
    static double confidence(Mask mask, Box box) {
        if (box.isEmpty()) {
            return 0;
        }
        Box around = box.grow(Math.max(box.width(), box.height()) / 10, mask.width(), mask.height());
        float[] a = mask.alpha();
        long decisive = 0;
        for (int y = around.y(); y < around.y() + around.height(); y++) {
            for (int x = around.x(); x < around.x() + around.width(); x++) {
                float v = a[y * mask.width() + x];
                if (v < 0.1f || v > 0.9f) {
                    decisive++;
                }
            }
        }
        return (double) decisive / ((long) around.width() * around.height());
    }
}
