package dev.backdrop.pipeline;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.scene.Scene;

/** Makes the scene (background, its reading and its light layout) for one request. */
@FunctionalInterface
public interface SceneSource {

    Scene build(BackgroundRequest request);
}
