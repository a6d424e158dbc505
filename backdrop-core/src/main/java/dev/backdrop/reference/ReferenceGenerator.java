package dev.backdrop.reference;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.image.Box;
import dev.backdrop.background.InvalidBackgroundRequestException;
import dev.backdrop.background.OriginalBackground;
import dev.backdrop.filter.BoxBlur;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;
import dev.backdrop.scene.BackgroundSource;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.scene.SceneLayout;

/**
 * Builds the background from a reference photo: the photo covers the canvas, shifted and zoomed
 * so its horizon sits a little above the product's foot, and lightly blurred as a background
 * behind a sharp product would be. {@code ip_adapter_weight} mixes it with the scene the prompt
 * describes (0 ignores the reference, 1 uses it alone); {@code strength} below 1 keeps a share of
 * the product photo's own background.
 */
public final class ReferenceGenerator implements BackgroundSource {

    /** The most the reference is enlarged beyond covering, to bring its horizon where it belongs. */
    private static final double MAX_ZOOM = 1.4;

    private final SceneGenerator scenes;

    public ReferenceGenerator(SceneGenerator scenes) {
        this.scenes = scenes;
    }

    /** The background with the prompt's reading and a layout whose light side follows the reference's. */
    @Override
    public Scene build(BackgroundRequest request) {
        if (!request.hasReference()) {
            throw new InvalidBackgroundRequestException("reference",
                    "a reference background needs a reference image; send one or use a prompt alone");
        }
        BackgroundRequest full = request.withParameters(request.parameters().withStrength(1.0));
        double weight = request.parameters().ipAdapterWeight();
        Scene prompted = scenes.build(full);
        SceneLayout promptLayout = prompted.layout();
        int w = request.width(), h = request.height();
        RgbImage reference = request.reference();
        RgbImage fitted = fit(reference, w, h, promptLayout.horizonY());

        int[] out = PackedPixels.blend(fitted.pixels(), prompted.background().pixels(), (int) Math.round(weight * 256));
        RgbImage mixed = OriginalBackground.keep(new RgbImage(w, h, out), request);
        SceneLayout layout = weight >= 0.5 ? referenceLayout(reference, promptLayout, request.subject().box())
                : promptLayout;
        return new Scene(prompted.description(), layout, mixed);
    }

    /** The prompt's layout with the light side read from the reference (its brighter half) and no gloss. */
    private static SceneLayout referenceLayout(RgbImage reference, SceneLayout l, Box box) {
        double left = 0, right = 0;
        int w = reference.width(), h = reference.height();
        int[] px = reference.pixels();
        for (int y = 0; y < h; y += 2) {
            for (int x = 0; x < w; x += 2) {
                double v = PackedPixels.luma(px[y * w + x]);
                if (x < w / 2) left += v; else right += v;
            }
        }
        float lightX = (float) Math.max(-0.8, Math.min(0.8, (right - left) / Math.max(1, right + left) * 8));
        if (Math.abs(lightX) < 0.2f) lightX = l.lightX() < 0 ? -0.3f : 0.3f;
        return new SceneLayout(l.width(), l.height(), l.horizonY(), l.baseY(), lightX, l.lightElevation(),
                l.softness(), l.shadowOpacity() * 0.85f, 0f, 0xffffff);
    }

    /** Cover-fits the reference, zooming and shifting so its horizon lands on {@code horizonY}, then blurs it lightly. */
    static RgbImage fit(RgbImage ref, int w, int h, float horizonY) {
        double cover = Math.max((double) w / ref.width(), (double) h / ref.height());
        double refHorizon = ReferenceHorizon.estimate(ref);      // fraction of the reference's height
        double scale = cover;
        double oy = horizonY - refHorizon * ref.height() * scale;
        // Zoom in when the shift needed would uncover the canvas.
        while (scale < cover * MAX_ZOOM && (oy > 0 || oy + ref.height() * scale < h)) {
            scale *= 1.05;
            oy = horizonY - refHorizon * ref.height() * scale;
        }
        oy = Math.min(0, Math.max(h - ref.height() * scale, oy));
        double ox = (w - ref.width() * scale) / 2;
        float[][] planes = new float[3][w * h];
        int[] src = ref.pixels();
        int rw = ref.width(), rh = ref.height();
        for (int y = 0; y < h; y++) {
            double sy = Math.max(0, Math.min(rh - 1, (y + 0.5 - oy) / scale - 0.5));
            int y0 = (int) sy, y1 = Math.min(rh - 1, y0 + 1);
            float fy = (float) (sy - y0);
            for (int x = 0; x < w; x++) {
                double sx = Math.max(0, Math.min(rw - 1, (x + 0.5 - ox) / scale - 0.5));
                int x0 = (int) sx, x1 = Math.min(rw - 1, x0 + 1);
                float fx = (float) (sx - x0);
                int p00 = src[y0 * rw + x0], p01 = src[y0 * rw + x1], p10 = src[y1 * rw + x0], p11 = src[y1 * rw + x1];
                for (int c = 0; c < 3; c++) {
                    int c00 = PackedPixels.channel(p00, c), c10 = PackedPixels.channel(p10, c);
                    float a = c00 + (PackedPixels.channel(p01, c) - c00) * fx;
                    float b = c10 + (PackedPixels.channel(p11, c) - c10) * fx;
                    planes[c][y * w + x] = a + (b - a) * fy;
                }
            }
        }
        float sigma = Math.max(0.8f, h * 0.0035f);
        int[] out = new int[w * h];
        for (int c = 0; c < 3; c++) {
            BoxBlur.gaussian(planes[c], w, h, sigma);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = PackedPixels.clampedRgb(planes[0][i], planes[1][i], planes[2][i]);
        }
        return new RgbImage(w, h, out);
    }

}
