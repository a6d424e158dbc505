package dev.backdrop.background;

import dev.backdrop.image.RgbImage;

/**
 * Makes the new background for one subject. Implementations: the procedural scene, the
 * reference-image scene and, in its own module, Stable Diffusion inpainting. The result has the
 * request's canvas size; the subject is composited on top of it afterwards.
 */
public interface BackgroundGenerator {

    RgbImage generate(BackgroundRequest request);
}
