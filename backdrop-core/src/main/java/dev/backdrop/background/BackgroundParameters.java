package dev.backdrop.background;

/**
 * Tuning shared by every background source.
 *
 * @param strength        how much of the photo's original background is replaced: 1 replaces it
 *                        all, 0 keeps it (for diffusion, the denoising strength)
 * @param ipAdapterWeight how strongly a reference image steers the result: 0 ignores it, 1 uses it alone
 * @param guidanceScale   classifier-free guidance for diffusion; ignored by procedural scenes
 * @param steps           denoising steps for diffusion; ignored by procedural scenes
 * @param scheduler       the diffusion scheduler's API name, or null for the generator's default;
 *                        ignored by procedural scenes
 * @param controlNetWeight how strongly the product's edges steer diffusion (ControlNet), 0..1;
 *                        ignored by procedural scenes
 */
public record BackgroundParameters(double strength, double ipAdapterWeight, double guidanceScale, int steps,
                                   String scheduler, double controlNetWeight) {

    public static final BackgroundParameters DEFAULT = new BackgroundParameters(1.0, 0.6, 7.5, 25);

    /** Parameters with the generator's default scheduler and a ControlNet weight of 0.9. */
    public BackgroundParameters(double strength, double ipAdapterWeight, double guidanceScale, int steps) {
        this(strength, ipAdapterWeight, guidanceScale, steps, null, 0.9);
    }

    public BackgroundParameters {
        requireUnit("cn_weight", controlNetWeight);
        requireUnit("strength", strength);
        requireUnit("ip_adapter_weight", ipAdapterWeight);
        if (!(guidanceScale >= 0 && guidanceScale <= 30)) {
            throw new InvalidBackgroundRequestException("guidance_scale",
                    "guidance_scale must be between 0 and 30, got " + guidanceScale);
        }
        if (steps < 1 || steps > 150) {
            throw new InvalidBackgroundRequestException("steps", "steps must be between 1 and 150, got " + steps);
        }
    }

    public BackgroundParameters withStrength(double value) {
        return new BackgroundParameters(value, ipAdapterWeight, guidanceScale, steps, scheduler, controlNetWeight);
    }

    public BackgroundParameters withIpAdapterWeight(double value) {
        return new BackgroundParameters(strength, value, guidanceScale, steps, scheduler, controlNetWeight);
    }

    private static void requireUnit(String field, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new InvalidBackgroundRequestException(field, field + " must be between 0 and 1, got " + v);
        }
    }
}
