package dev.backdrop.scene;

import dev.backdrop.background.BackgroundRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A background source makes the new background behind one product. For a {@link BackgroundRequest}
 * (the cut-out subject, canvas size, prompt, optional reference, parameters and seed) it returns a
 * {@link Scene}: the background pixels at the canvas size, with how the prompt was read and where
 * the light and horizon are, which the compositor needs for shadows and reflections. The subject
 * is composited on top afterwards. The same request and seed give the same background.
 *
 * <p>Sources: the procedural scenes ({@link SceneGenerator}), the reference photo
 * ({@code ReferenceGenerator}), the marketplace preset's pure white, and Stable Diffusion
 * inpainting in its own module. The interface lives here, beside {@link Scene}, so that the
 * {@code background} package of requests stays free of scene types.
 */
@FunctionalInterface
public interface BackgroundSource {

    Scene build(BackgroundRequest request);

    /**
     * Builds the scene, telling {@code progress} how far it got as it goes. Sources that make a
     * background in one quick go need not: the pipeline reports each finished sample itself.
     */
    default Scene build(BackgroundRequest request, BackgroundProgress progress) {
        return build(request);
    }

    /**
     * The most samples of {@code request} this source makes in one call of
     * {@link #build(BackgroundRequest, int, BackgroundProgress)}. 1, the default, suits a source
     * that makes one background at a time: the pipeline then builds and composes each sample
     * before the next, holding one background at a time. A source that makes several together
     * (a denoising loop over a batch) says how many its memory allows.
     */
    default int batch(BackgroundRequest request) {
        return 1;
    }

    /**
     * The scenes of {@code samples} samples that differ only in their seed: sample {@code k} is
     * {@code request} with seed {@code request.seed() + k}, and the list holds them in that order.
     * {@code progress} covers all of them. The default builds them one after another, sample
     * {@code k}'s own progress filling the {@code k}-th of {@code samples} equal parts; a source
     * that makes them together reports their common progress.
     */
    default List<Scene> build(BackgroundRequest request, int samples, BackgroundProgress progress) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, got " + samples);
        }
        List<Scene> scenes = new ArrayList<>(samples);
        for (int k = 0; k < samples; k++) {
            int done = k;
            scenes.add(build(request.withSeed(request.seed() + k),
                    share -> progress.made((done + Math.max(0, Math.min(1, share))) / samples)));
        }
        return scenes;
    }
}
