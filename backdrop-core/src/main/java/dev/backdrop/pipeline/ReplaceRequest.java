package dev.backdrop.pipeline;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.compose.CompositionOptions;
import dev.backdrop.compose.Framing;
import dev.backdrop.image.RgbImage;
import java.util.Locale;

/**
 * One photo to put on new backgrounds.
 *
 * @param photo          the product photo
 * @param prompt         the background wanted; {@code transparent} asks for the cut-out itself
 * @param negativePrompt what the background should avoid (may be empty)
 * @param reference      an image whose look the background should take, or null
 * @param samples        how many results, each with its own seed
 * @param seed           the first sample's seed; negative picks one at random
 * @param parameters     strength, reference weight and generator tuning
 * @param composition    shadows, harmonisation, product preservation, layers
 * @param framing        output size and placement, or null to keep the photo's size and layout
 */
public record ReplaceRequest(RgbImage photo, String prompt, String negativePrompt, RgbImage reference, int samples,
                             long seed, BackgroundParameters parameters, CompositionOptions composition,
                             Framing framing) {

    public static final String TRANSPARENT = "transparent";

    public ReplaceRequest {
        prompt = prompt == null ? "" : prompt;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        parameters = parameters == null ? BackgroundParameters.DEFAULT : parameters;
        composition = composition == null ? CompositionOptions.DEFAULT : composition;
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, got " + samples);
        }
    }

    public static ReplaceRequest of(RgbImage photo, String prompt, String negativePrompt, int samples, long seed) {
        return new ReplaceRequest(photo, prompt, negativePrompt, null, samples, seed, null, null, null);
    }

    /** The prompt {@code transparent} returns the cut-out product with an alpha channel. */
    public boolean isTransparent() {
        return isTransparent(prompt);
    }

    /** Whether {@code prompt} asks for the cut-out itself rather than a new background. */
    public static boolean isTransparent(String prompt) {
        return prompt.strip().toLowerCase(Locale.ROOT).equals(TRANSPARENT);
    }
}
