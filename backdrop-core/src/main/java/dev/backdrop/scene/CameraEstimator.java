package dev.backdrop.scene;

import dev.backdrop.image.Box;
import dev.backdrop.image.Mask;

/**
 * Reads how high the camera was from the product's outline. A round base (a cup's foot, a
 * bottle's bottom, a saucer) seen from an elevation θ shows as an ellipse whose height is
 * sin θ times its width; level, it is a straight line, from straight above a circle. So the
 * lower outline near the middle of the base is fitted with a parabola, whose curvature {@code k}
 * gives the ellipse's ratio {@code b/a = 2·k·a}, with {@code a} half the base's width (the
 * widest span of the outline's lowest quarter, where an ellipse is 0.87 of its width, enlarged
 * by that, but no wider than the box). Then:
 * <ul>
 *   <li>{@code sin θ < 0.35} (under about 20°): eye level;</li>
 *   <li>{@code 0.35 ≤ sin θ < 0.85}: high angle;</li>
 *   <li>{@code sin θ ≥ 0.85} (above about 58°): top-down.</li>
 * </ul>
 * A product whose base is cut by the photo's bottom edge, or that is too small to read (under 24
 * pixels wide), is taken to be shot at eye level, the usual product shot.
 */
public final class CameraEstimator {

    static final double HIGH_ANGLE_FROM = 0.35;
    static final double TOP_DOWN_FROM = 0.85;
    private static final int MIN_WIDTH = 24;
    private static final double PARABOLA_BIAS = 1.09;

    public CameraEstimate estimate(Mask mask) {
        Box box = Box.of(mask, 0.5f);
        int w = mask.width(), h = mask.height();
        if (box.isEmpty() || box.bottom() >= h - 1 || box.width() < MIN_WIDTH || box.height() < 8) {
            return CameraEstimate.ASSUMED_EYE_LEVEL;
        }
        float[] a = mask.alpha();
        // The base ellipse's width and centre: the widest row of the outline's lowest quarter, where
        // an ellipse is 0.87 of its full width, so enlarged by that but never past the box (handles
        // and overhangs higher up are not the base).
        int widest = 0, widestRow = -1, quarterTop = box.bottom() - Math.max(1, box.height() / 4);
        double centre = box.centerX();
        for (int y = quarterTop; y < box.bottom(); y++) {
            int first = -1, last = -1;
            for (int x = box.x(); x < box.right(); x++) {
                if (a[y * w + x] >= 0.5f) {
                    if (first < 0) first = x;
                    last = x;
                }
            }
            if (first >= 0 && last - first + 1 > widest) {
                widest = last - first + 1;
                widestRow = y;
                centre = (first + last + 1) / 2.0;
            }
        }
        if (widest < MIN_WIDTH) {
            return CameraEstimate.ASSUMED_EYE_LEVEL;
        }
        // Still widening at the quarter's top (an ellipse, not a cylinder's straight sides): enlarge.
        boolean widening = widestRow == quarterTop && span(a, w, box, quarterTop + 3) < widest - 1;
        double half = widening ? Math.min(box.width() / 2.0, widest / 2.0 / 0.866) : widest / 2.0;
        // Least squares of bottom(x) = p0 + p2·(x - centre)² over the middle 60% of the base.
        double s0 = 0, s2 = 0, s4 = 0, sy = 0, sy2 = 0;
        int from = (int) Math.ceil(centre - 0.6 * half), to = (int) Math.floor(centre + 0.6 * half);
        for (int x = Math.max(0, from); x <= Math.min(w - 1, to); x++) {
            int bottom = -1;
            for (int y = box.bottom() - 1; y >= box.y(); y--) {
                if (a[y * w + x] >= 0.5f) {
                    bottom = y;
                    break;
                }
            }
            if (bottom < 0) continue;
            // Partial coverage of the last row refines the edge to a fraction of a pixel.
            double edge = bottom + 1 + (bottom + 1 < h ? a[(bottom + 1) * w + x] : 0);
            double d2 = (x + 0.5 - centre) * (x + 0.5 - centre);
            s0 += 1;
            s2 += d2;
            s4 += d2 * d2;
            sy += edge;
            sy2 += edge * d2;
        }
        double det = s0 * s4 - s2 * s2;
        if (s0 < 5 || det <= 0) {
            return CameraEstimate.ASSUMED_EYE_LEVEL;
        }
        // The outline's bottom rises (row falls) away from the middle: curvature is -p2.
        double p2 = (s0 * sy2 - s2 * sy) / det;
        // A parabola fitted over ±0.6 of a half-ellipse is 1.09 times as curved as the ellipse at its apex.
        double ratio = Math.max(0, Math.min(1, -2 * p2 * half / PARABOLA_BIAS));
        double elevation = Math.toDegrees(Math.asin(ratio));
        CameraAngle angle = ratio >= TOP_DOWN_FROM ? CameraAngle.TOP_DOWN
                : ratio >= HIGH_ANGLE_FROM ? CameraAngle.HIGH_ANGLE : CameraAngle.EYE_LEVEL;
        return new CameraEstimate(angle, elevation);
    }

    private static int span(float[] a, int w, Box box, int y) {
        if (y >= box.bottom()) return 0;
        int first = -1, last = -1;
        for (int x = box.x(); x < box.right(); x++) {
            if (a[y * w + x] >= 0.5f) {
                if (first < 0) first = x;
                last = x;
            }
        }
        return first < 0 ? 0 : last - first + 1;
    }
}
