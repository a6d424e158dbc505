package dev.backdrop.pipeline;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.scene.Scene;

/** Makes the scene (background, its reading and its light layout) for one request. */
@FunctionalInterface
public interface SceneSource {

    Scene build(BackgroundRequest request);

    /**
     * Builds the scene, telling {@code progress} how far it got as it goes. Sources that make a
     * background in one quick go need not: the pipeline reports each finished sample itself.
     */
    default Scene build(BackgroundRequest request, BackgroundProgress progress) {
        return build(request);
    }
}
