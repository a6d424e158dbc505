package dev.backdrop.jobs;

import java.util.Locale;

/**
 * A job's request as it is stored for a worker, possibly in another process: every field checked
 * and defaulted, images given inline already moved to the result store (so the queue row stays
 * small and any worker can read them).
 *
 * @param kind   what to run
 * @param image  the product photo
 * @param refImage a reference image for the background, or null
 * @param prompt {@code transparent} asks for the cut-out
 * @param seed   -1 picks one at random
 * @param format {@code jpeg}, {@code png}, {@code webp}, or null for the kind's default
 * @param aspect {@code original}, {@code 1:1}, {@code 4:5}, {@code 16:9} or {@code marketplace}
 * @param placement {@code keep} or {@code center}
 * @param shadow    shadows drawn (soft or hard) or not; the boolean of jobs queued before shadow styles
 * @param shadowStyle {@code none}, {@code soft} or {@code hard}; null in jobs queued before it (then {@code shadow} says)
 * @param shadowStrength 0..1, null for the default
 * @param fill      the product's share of the canvas's shorter side with {@code center}, null for the default
 * @param padding   the margin with {@code center}, a fraction of the canvas; null for the default
 */
public record JobSpec(Kind kind, Input image, Input refImage, String prompt, String negativePrompt, int samples,
                      long seed, String scheduler, int steps, double guidanceScale, double strength, double cnWeight,
                      double ipAdapterWeight, String format, String aspect, String placement, boolean shadow,
                      boolean preserveProduct, boolean layers, String shadowStyle, Double shadowStrength, Double fill,
                      Double padding) {

    /** The kinds of job the API accepts. */
    public enum Kind {
        REPLACE, CUTOUT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a worker finds an input image: a URL to fetch, or a key in the result store. */
    public record Input(String url, String storedKey) {

        public static Input fetched(String url) {
            return new Input(url, null);
        }

        public static Input stored(String key) {
            return new Input(null, key);
        }
    }
}
