package dev.backdrop.accounts;

/**
 * What requests cost in credits. Defaults: a cut-out costs 1 per image; a bg-replace costs
 * {@code samples × ceil(steps / 25)} per image; a generate-image batch costs {@code result_number}
 * per image.
 *
 * @param cutoutPerImage          credits per cut-out image
 * @param bgReplacePerUnit        credits per sample and per started block of {@code stepsPerUnit} steps
 * @param stepsPerUnit            diffusion steps covered by one unit
 * @param generateImagePerResult  credits per result of a generate-image item
 */
public record Pricing(long cutoutPerImage, long bgReplacePerUnit, int stepsPerUnit, long generateImagePerResult) {

    public Pricing {
        if (cutoutPerImage < 0 || bgReplacePerUnit < 0 || generateImagePerResult < 0) {
            throw new IllegalArgumentException("Prices cannot be negative");
        }
        if (stepsPerUnit < 1) {
            throw new IllegalArgumentException("stepsPerUnit must be at least 1, not " + stepsPerUnit);
        }
    }

    public static Pricing defaults() {
        return new Pricing(1, 1, 25, 1);
    }

    public long cutout(int images) {
        return Math.multiplyExact(requireCount(images, "images"), cutoutPerImage);
    }

    /** {@code images × samples × ceil(steps / stepsPerUnit) × bgReplacePerUnit}; at least one unit per sample. */
    public long bgReplace(int images, int samples, int steps) {
        long units = Math.max(1, ceilDiv(requireCount(steps, "steps"), stepsPerUnit));
        return Math.multiplyExact(Math.multiplyExact(requireCount(images, "images"), requireCount(samples, "samples")),
                Math.multiplyExact(units, bgReplacePerUnit));
    }

    /** {@code images × resultNumber × generateImagePerResult}. */
    public long generateImage(int images, int resultNumber) {
        return Math.multiplyExact(Math.multiplyExact(requireCount(images, "images"), requireCount(resultNumber, "result_number")),
                generateImagePerResult);
    }

    private static long requireCount(int count, String what) {
        if (count < 0) {
            throw new IllegalArgumentException(what + " cannot be negative: " + count);
        }
        return count;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
