package dev.backdrop.pipeline;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.compose.Composite;
import dev.backdrop.compose.Compositor;
import dev.backdrop.compose.Framer;
import dev.backdrop.compose.Framing;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;
import dev.backdrop.image.RgbaImage;
import dev.backdrop.scene.BackgroundSource;
import dev.backdrop.scene.CameraEstimator;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.segment.Cutout;
import dev.backdrop.segment.CutoutMaker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * segment → frame → background → compose, a background and a composition per sample. Used alike
 * by the HTTP API, jobs and the CLI. The cut-out is made once per photo, whatever the number of
 * samples. A framing that asks for a white background (the marketplace preset) gets pure white
 * with a soft contact shadow whatever the prompt, reference or background source.
 *
 * <p>Samples are made in the batches their background source allows ({@link BackgroundSource#batch}):
 * one at a time for the procedural scenes, each built and composed before the next; several in one
 * denoising loop for diffusion. A batch's backgrounds are composed once it is made, so the pipeline
 * holds one batch of backgrounds at a time. Sample {@code k} always has seed {@code seed + k}.
 *
 * <p>Progress: the cut-out is one share of {@code samples + 1}, each sample another; a source
 * that reports its own progress (the diffusion loop, step by step) moves it within its samples'
 * shares, a batch's step moving all of the batch's samples at once. The {@code background} stage
 * is timed once per batch, {@code compose} once per sample.
 */
public final class Pipeline {

    /** Seeds are drawn from the range the bg-replace API accepts. */
    public static final long MAX_SEED = 999_999_999_999_999L;

    private final CutoutMaker cutouts;
    private final BackgroundSource prompted;
    private final BackgroundSource referenced;
    private final BackgroundSource white = new MarketplaceScene(new SceneGenerator());
    private final Framer framer = new Framer();
    private final Compositor compositor = new Compositor();
    private final CameraEstimator cameras = new CameraEstimator();

    /**
     * @param prompted   builds a background from the prompt
     * @param referenced builds a background from a reference image (used when the request has one)
     */
    public Pipeline(CutoutMaker cutouts, BackgroundSource prompted, BackgroundSource referenced) {
        this.cutouts = cutouts;
        this.prompted = prompted;
        this.referenced = referenced;
    }

    public Cutout cutout(RgbImage photo) {
        return cutouts.cut(photo);
    }

    public List<ReplaceResult> replace(ReplaceRequest request, PipelineObserver observer) {
        long seed = request.seed() >= 0 ? request.seed() : ThreadLocalRandom.current().nextLong(MAX_SEED + 1);
        long start = System.nanoTime();
        Cutout cutout = cutouts.cut(request.photo());
        observer.stage("segment", System.nanoTime() - start);
        RisingProgress progress = new RisingProgress(observer, request.samples());
        List<ReplaceResult> results = new ArrayList<>();
        if (request.isTransparent()) {
            RgbaImage image = request.framing() == null ? cutout.image() : cutout.cropped().image();
            for (int i = 0; i < request.samples(); i++) {
                results.add(new ReplaceResult(i, seed + i, image, null, null, null));
            }
            progress.done();
            return results;
        }
        progress.segmented();
        RgbImage photo = request.photo();
        Framing framing = request.framing() == null ? Framing.original(photo.width(), photo.height())
                : request.framing();
        Subject subject = framer.frame(photo, cutout.image().rgb(), cutout.mask(), framing);
        Staging staging = new Staging(cameras.estimate(subject.mask()), request.composition().shadow(), framing,
                framer.transform(photo, cutout.mask(), framing).scale());
        BackgroundSource source = framing.whiteBackground() ? white : request.reference() != null ? referenced : prompted;
        for (int from = 0; from < request.samples(); ) {
            BackgroundRequest background = new BackgroundRequest(subject, subject.width(), subject.height(),
                    request.prompt(), request.negativePrompt(), request.reference(), request.parameters(), seed + from);
            int count = Math.max(1, Math.min(source.batch(background), request.samples() - from));
            long t0 = System.nanoTime();
            List<Scene> scenes = source.build(background, count, progress.samples(from, from + count));
            observer.stage("background", System.nanoTime() - t0);
            if (scenes.size() != count) {
                throw new IllegalStateException("the background source made " + scenes.size() + " scenes for "
                        + count + " samples");
            }
            for (int k = 0; k < count; k++) {
                int i = from + k;
                Scene scene = scenes.get(k);
                long t1 = System.nanoTime();
                Composite composite = compositor.compose(subject, scene.background(), scene.layout(),
                        request.composition());
                observer.stage("compose", System.nanoTime() - t1);
                results.add(new ReplaceResult(i, seed + i, opaque(composite.image()), scene.description(),
                        composite.fidelity(), composite.layers(), staging));
                progress.finished(i);
            }
            from += count;
        }
        return results;
    }

    private static RgbaImage opaque(RgbImage image) {
        int[] px = image.pixels();
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = PackedPixels.argb(255, px[i]);
        }
        return new RgbaImage(image.width(), image.height(), out);
    }
}
