package dev.backdrop.pipeline;

import dev.backdrop.compose.Fidelity;
import dev.backdrop.compose.Layers;
import dev.backdrop.image.RgbaImage;
import dev.backdrop.scene.SceneDescription;

/**
 * One result of a request.
 *
 * @param sample   its index, from 0
 * @param seed     the seed that made it: the same request and seed give the same pixels
 * @param image    the photo (opaque), or the cut-out with alpha for {@code transparent}
 * @param reading  how the prompt was read; null for cut-outs
 * @param fidelity how faithful the product region is to the input; null for cut-outs
 * @param layers   the separate layers when asked for, else null
 * @param staging  the camera angle, shadows and framing used; null for cut-outs
 */
public record ReplaceResult(int sample, long seed, RgbaImage image, SceneDescription reading, Fidelity fidelity,
                            Layers layers, Staging staging) {

    /** A result without staging: a cut-out. */
    public ReplaceResult(int sample, long seed, RgbaImage image, SceneDescription reading, Fidelity fidelity,
                         Layers layers) {
        this(sample, seed, image, reading, fidelity, layers, null);
    }

    public boolean isCutout() {
        return reading == null;
    }
}
