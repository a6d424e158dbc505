package dev.backdrop.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backdrop.image.Mask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared DAVIS-100 folders (JPEG photos, 0/255 grey PNG masks), read where they lie beside the
 * checkout; skipped in a clean clone without them. No model: predicting nothing and everything
 * ties the scores to the share of subject pixels, which checks the pairing and reading of real files.
 */
class DavisFolderTest {

    private static final Path DAVIS = Path.of("..", "..", "shared", "testdata", "davis");

    @Test
    void photosPairWithTheirMasksAndTrivialPredictionsScoreAsTheSubjectShare() throws IOException {
        assumeTrue(Files.isDirectory(DAVIS.resolve("images")) && Files.isDirectory(DAVIS.resolve("masks")),
                "../shared/testdata/davis is not beside this checkout");
        List<LabelledPhoto> photos = LabelledPhotos.pair(DAVIS.resolve("images"), DAVIS.resolve("masks"));
        assertThat(photos).hasSize(100);
        EvaluationReport report = new CutoutEvaluation().run(List.of("nothing", "everything"), photos.subList(0, 3),
                photo -> {
                    Mask full = Mask.empty(photo.width(), photo.height());
                    Arrays.fill(full.alpha(), 1f);
                    return List.of(Mask.empty(photo.width(), photo.height()), full);
                }, scores -> { });
        for (ImageScores image : report.images()) {
            MaskScore nothing = image.scores().get(0), everything = image.scores().get(1);
            assertThat(nothing.iou()).isZero();
            // With a 0/1 mask of subject share s: predicting nothing errs by s, everything scores IoU s.
            assertThat(nothing.mae()).as(image.name()).isBetween(0.01, 0.9).isCloseTo(everything.iou(), within(1e-6));
            assertThat(everything.mae()).isCloseTo(1 - everything.iou(), within(1e-6));
        }
    }
}
