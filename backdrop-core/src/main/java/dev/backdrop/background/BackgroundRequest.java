package dev.backdrop.background;

import dev.backdrop.image.RgbImage;

/**
 * Everything a background source ({@code dev.backdrop.scene.BackgroundSource}) needs to make one background.
 *
 * @param subject        the placed product; its image and mask have the canvas size
 * @param width          canvas width in pixels
 * @param height         canvas height in pixels
 * @param prompt         what the background should show (English), never null
 * @param negativePrompt what it should avoid, never null (may be empty)
 * @param reference      an image whose look the background should take, or null
 * @param parameters     strength, reference weight and diffusion tuning
 * @param seed           makes the result reproducible: same request and seed, same pixels
 */
public record BackgroundRequest(Subject subject, int width, int height, String prompt, String negativePrompt,
                                RgbImage reference, BackgroundParameters parameters, long seed) {

    public BackgroundRequest {
        if (subject.width() != width || subject.height() != height) {
            throw new InvalidBackgroundRequestException("subject", "the subject is " + subject.width() + "x"
                    + subject.height() + " but the canvas is " + width + "x" + height
                    + "; place the subject on the canvas first");
        }
        prompt = prompt == null ? "" : prompt;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        parameters = parameters == null ? BackgroundParameters.DEFAULT : parameters;
    }

    /** A request on the subject's own canvas with default parameters and no reference. */
    public static BackgroundRequest of(Subject subject, String prompt, String negativePrompt, long seed) {
        return new BackgroundRequest(subject, subject.width(), subject.height(), prompt, negativePrompt, null,
                BackgroundParameters.DEFAULT, seed);
    }

    public boolean hasReference() {
        return reference != null;
    }

    public BackgroundRequest withReference(RgbImage image) {
        return new BackgroundRequest(subject, width, height, prompt, negativePrompt, image, parameters, seed);
    }

    public BackgroundRequest withParameters(BackgroundParameters p) {
        return new BackgroundRequest(subject, width, height, prompt, negativePrompt, reference, p, seed);
    }

    public BackgroundRequest withSeed(long s) {
        return new BackgroundRequest(subject, width, height, prompt, negativePrompt, reference, parameters, s);
    }
}
