package dev.backdrop.segment;

import dev.backdrop.image.Box;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;

/** Segment, refine the alpha at full resolution, decontaminate the border colours. */
public final class CutoutMaker {

    private final Segmenter segmenter;
    private final ForegroundEstimator foreground = new ForegroundEstimator();

    public CutoutMaker(Segmenter segmenter) {
        this.segmenter = segmenter;
    }

    public Cutout cut(RgbImage image) {
        Mask raw = segmenter.segment(image);
        Mask refined = snap(GuidedFilter.forImage(image.width(), image.height()).refine(image, raw));
        Box box = Box.of(refined, Cutout.SUBJECT_THRESHOLD);
        return new Cutout(foreground.estimate(image, refined), refined, box, confidence(refined, box));
    }

    /**
     * Alpha that would round to 0 or 255 in 8 bits becomes exactly 0 or 1, so "fully opaque" means
     * the same everywhere downstream (composition keeps those pixels bit for bit).
     */
    static Mask snap(Mask mask) {
        float[] a = mask.alpha();
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= 254.5f / 255f) {
                a[i] = 1f;
            } else if (a[i] < 0.5f / 255f) {
                a[i] = 0f;
            }
        }
        return mask;
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
