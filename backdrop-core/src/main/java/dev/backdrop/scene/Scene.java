package dev.backdrop.scene;

import dev.backdrop.image.RgbImage;

/**
 * A rendered scene: how the prompt was read, where the light and horizon are (for shadows and
 * reflections) and the background pixels.
 */
public record Scene(SceneDescription description, SceneLayout layout, RgbImage background) {
}
