package dev.backdrop.cli;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.SolidBackground;
import dev.backdrop.pipeline.SceneSource;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.scene.SceneLayout;

/**
 * The pure white background marketplaces require (the procedural studio sweep is off-white and
 * shaded): flat white, a neutral light layout for the shadow, and the prompt's reading for the record.
 */
final class MarketplaceScene implements SceneSource {

    private final SceneGenerator scenes;

    MarketplaceScene(SceneGenerator scenes) {
        this.scenes = scenes;
    }

    @Override
    public Scene build(BackgroundRequest request) {
        return new Scene(scenes.describe(request),
                SceneLayout.neutral(request.width(), request.height(), request.subject().box()),
                SolidBackground.WHITE.generate(request));
    }
}
