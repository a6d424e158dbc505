package dev.backdrop.scene;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.OriginalBackground;
import dev.backdrop.image.RgbImage;

/**
 * The procedural background source: reads the prompt, reads the camera's angle from the
 * product's outline, lays the scene out around the product to match and renders it on the CPU. Needs no model files; the embedded default.
 */
public final class SceneGenerator implements BackgroundSource {

    private final PromptReader reader = new PromptReader();
    private final SceneRenderer renderer = new SceneRenderer();
    private final CameraEstimator cameras = new CameraEstimator();

    /** The scene with its description and layout, which the compositor needs for shadows. */
    @Override
    public Scene build(BackgroundRequest request) {
        SceneDescription description = describe(request);
        CameraAngle camera = cameras.estimate(request.subject().mask()).angle();
        SceneLayout layout = SceneLayout.plan(description, request.subject().box(), request.width(),
                request.height(), request.seed(), camera);
        float grain = PhotoGrain.levels(request.subject().image(), request.subject().mask(), request.subject().box());
        RgbImage image = renderer.render(description, layout, request.subject().box(), grain, request.seed());
        return new Scene(description, layout, OriginalBackground.keep(image, request));
    }

    public SceneDescription describe(BackgroundRequest request) {
        return reader.read(request.prompt(), request.negativePrompt());
    }

    static float centerX(BackgroundRequest request) {
        return request.subject().box().isEmpty() ? request.width() / 2f : request.subject().box().centerX();
    }
}
