package dev.backdrop.segment;

/**
 * Removes stray fragments from a mask while keeping every real object. A real object is a region
 * the model is sure of somewhere (its peak alpha reaches {@link #SURE}), whatever its size, so
 * several objects in one photo all stay; a fragment is a region the model only hesitated about.
 * A photo in which the model is sure of nothing keeps its hesitant regions: they are its only guess.
 */
final class StrayFragments {

    /** Alpha the model gives where it is sure a pixel is subject. */
    static final float SURE = 0.9f;
    /** Where a region's faint outskirts end: they go with the region. */
    private static final float OUTSKIRTS = 0.1f;

    private StrayFragments() {
    }

    /** Clears the fragments of {@code alpha} in place. */
    static void remove(float[] alpha, int width, int height) {
        boolean[] support = new boolean[alpha.length];
        for (int i = 0; i < alpha.length; i++) {
            support[i] = alpha[i] > OUTSKIRTS;
        }
        ConnectedRegions regions = ConnectedRegions.of(support, width, height, true);
        int n = regions.count();
        if (n <= 1) {
            return;
        }
        boolean[] sure = new boolean[n + 1];
        regions.markWhereAny(alpha, a -> a >= SURE, sure);
        boolean anySure = false;
        for (boolean s : sure) {
            anySure |= s;
        }
        if (!anySure) {
            return;
        }
        regions.fillUnmarked(alpha, sure, 0f);
    }
}
