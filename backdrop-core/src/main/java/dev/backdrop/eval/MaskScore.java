package dev.backdrop.eval;

/**
 * How well a predicted alpha matches a hand-made mask.
 *
 * @param iou       intersection over union of alpha above 0.5 and the mask above 0.5
 * @param mae       mean absolute difference of the alpha and the mask, over all pixels, 0..1
 * @param boundaryF F-measure of the two outlines, a boundary pixel matching when the other
 *                  outline passes within a tolerance (see {@link MaskScorer})
 */
public record MaskScore(double iou, double mae, double boundaryF) {
}
