package dev.backdrop.segment;

/**
 * Fills holes in the subject that are not background. A hole is a patch below alpha 0.5 enclosed
 * by the subject (not reaching the photo's edge); it is background seen through the subject when
 * the model is sure of that somewhere in it (alpha down to {@code 1 - SURE}), and is otherwise a
 * part of the subject the model hesitated about, so it is filled. Large openings stay whatever
 * the model said: they are a share of the subject no hesitation should erase.
 */
final class EnclosedHoles {

    /** Alpha at or below which the model is sure a pixel is background. */
    private static final float SURE_BACKGROUND = 1f - StrayFragments.SURE;
    /** Holes from this share of the subject's solid area up are openings, left as the model said. */
    private static final float LARGE = 0.01f;

    private EnclosedHoles() {
    }

    /** Fills the hesitant holes of {@code alpha} in place (to full alpha). */
    static void fill(float[] alpha, int width, int height) {
        boolean[] open = new boolean[alpha.length];
        int solid = 0;
        for (int i = 0; i < alpha.length; i++) {
            open[i] = alpha[i] <= 0.5f;
            solid += open[i] ? 0 : 1;
        }
        ConnectedRegions regions = ConnectedRegions.of(open, width, height, false);
        int n = regions.count();
        if (n <= 1 || solid == 0) {
            return;
        }
        boolean[] keep = regions.touchingTheBorder();
        int[] areas = regions.areas();
        for (int r = 1; r <= n; r++) {
            keep[r] |= areas[r] >= LARGE * solid;
        }
        regions.markWhereAny(alpha, a -> a <= SURE_BACKGROUND, keep);
        regions.fillUnmarked(alpha, keep, 1f);
    }
}
