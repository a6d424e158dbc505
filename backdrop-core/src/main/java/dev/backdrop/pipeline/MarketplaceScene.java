package dev.backdrop.pipeline;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.image.Box;
import dev.backdrop.image.RgbImage;
import dev.backdrop.scene.BackgroundSource;
import dev.backdrop.scene.CameraAngle;
import dev.backdrop.scene.CameraEstimator;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.scene.SceneLayout;
import java.util.Arrays;

/**
 * The background of the marketplace preset, whatever the prompt or reference: pure white
 * (255, 255, 255), as marketplaces require of a main image (the procedural studio sweep is
 * off-white and shaded). The light is soft and straight overhead, so the shadow stays under the
 * product: a soft contact shadow at its foot, which keeps it from floating, and no cast shadow
 * across the canvas, nor any reflection; away from the foot the canvas is 255 white. The reading
 * returned is that of {@link #PROMPT}, since the request's prompt is not used.
 */
final class MarketplaceScene implements BackgroundSource {

    /** What the background is, in the words the prompt reader understands. */
    static final String PROMPT = "pure white studio sweep, soft light";

    /** Darkest the shadow gets; the contact shadow's peak is about this plus a quarter. */
    private static final float SHADOW_OPACITY = 0.15f;

    /** Soft enough to have no hard edge, small enough that the shadow stays close to the foot. */
    private static final float SOFTNESS = 0.4f;

    private final SceneGenerator scenes;
    private final CameraEstimator cameras = new CameraEstimator();

    MarketplaceScene(SceneGenerator scenes) {
        this.scenes = scenes;
    }

    @Override
    public Scene build(BackgroundRequest request) {
        BackgroundRequest white = new BackgroundRequest(request.subject(), request.width(), request.height(), PROMPT,
                "", null, request.parameters(), request.seed());
        CameraAngle camera = cameras.estimate(request.subject().mask()).angle();
        return new Scene(scenes.describe(white),
                layout(request.width(), request.height(), request.subject().box()).seenFrom(camera,
                        request.subject().box()),
                white(request.width(), request.height()));
    }

    private static RgbImage white(int width, int height) {
        int[] px = new int[width * height];
        Arrays.fill(px, 0xFFFFFF);
        return new RgbImage(width, height, px);
    }

    /** Overhead, soft, neutral light; matte surface. */
    static SceneLayout layout(int width, int height, Box subject) {
        float base = subject.isEmpty() ? height * 0.85f : subject.bottom();
        return new SceneLayout(width, height, base - subject.height() * 0.45f, base, 0f, 1f, SOFTNESS, SHADOW_OPACITY, 0f,
                0xffffff);
    }
}
