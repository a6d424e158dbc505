package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.tiny.TinyModelSpec;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.image.Box;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The denoising loop's tensors, set up once per request and written in place, change no pixel. */
class DenoisingLoopTest {

    private static final List<SchedulerName> SCHEDULERS = List.of(SchedulerName.DPM2_KARRAS, SchedulerName.EULER_A,
            SchedulerName.PNDM, SchedulerName.UNIPC);

    @ParameterizedTest
    @EnumSource(value = TinyVariant.class, names = {"SD15_INPAINT", "SD15", "SDXL", "SD15_CONTROLNET",
            "SD15_CONTROLNET_FUSED", "SD15_IP_ADAPTER"})
    void inPlaceTensorsGiveThePixelsOfTensorsMadeEveryStep(TinyVariant variant) {
        assertSamePixels(TinyFolders.of(variant), DiffusionOptions.DEFAULT, variant.cliName());
    }

    @Test
    void inPlaceTensorsGiveTheSamePixelsWhenTheBatchIsSplit() {
        TinyModelSpec single = TinyVariant.SD15_INPAINT.spec().withUnetBatch(1);
        assertSamePixels(TinyFolders.fresh(single), DiffusionOptions.DEFAULT, "UNet batch 1");
        assertSamePixels(TinyFolders.of(TinyVariant.SD15_INPAINT), DiffusionOptions.DEFAULT.withMaxBatch(3), "max batch 3");
    }

    private static void assertSamePixels(Path folder, DiffusionOptions options, String what) {
        try (DiffusionGenerator inPlace = DiffusionGenerator.open(folder, options)) {
            DiffusionGenerator perStep = inPlace.withTensorsPerStep();
            for (SchedulerName scheduler : SCHEDULERS) {
                for (double guidance : new double[] {7.5, 1.0}) {
                    BackgroundRequest request = TinyFolders.request(41, 3)
                            .withParameters(new BackgroundParameters(1.0, 0.6, guidance, 3));
                    DiffusionRun run = DiffusionRun.of(options).withScheduler(scheduler);
                    List<RgbImage> a = inPlace.generate(request, 2, run);
                    List<RgbImage> b = perStep.generate(request, 2, run);
                    for (int k = 0; k < 2; k++) {
                        assertThat(Arrays.equals(a.get(k).pixels(), b.get(k).pixels())).as("%s, %s, guidance %s,"
                                + " sample %d", what, scheduler.apiName(), guidance, k).isTrue();
                    }
                }
            }
        }
    }

    /**
     * With the prompt as its own negative, guidance adds nothing ({@code u + g (u - u) = u}), so a
     * guided run must give the pixels of an unguided one. It did not for schedulers that keep past
     * model outputs (PNDM) while the unguided loop handed them one array rewritten every step.
     */
    @ParameterizedTest
    @EnumSource(SchedulerName.class)
    void anUnguidedRunEqualsAGuidedOneWhoseNegativeIsThePrompt(SchedulerName scheduler) {
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(TinyVariant.SD15_INPAINT),
                DiffusionOptions.DEFAULT.withMaxBatch(1))) {
            BackgroundRequest request = TinyFolders.request(13, 6);
            BackgroundRequest same = new BackgroundRequest(request.subject(), request.width(), request.height(),
                    request.prompt(), request.prompt(), null, request.parameters(), request.seed());
            BackgroundRequest unguided = same.withParameters(new BackgroundParameters(1.0, 0.6, 1.0, 6));
            DiffusionRun run = DiffusionRun.of(generator.options()).withScheduler(scheduler);
            RgbImage guidedImage = generator.generate(same, 1, run).get(0);
            RgbImage unguidedImage = generator.generate(unguided, 1, run).get(0);
            assertThat(Arrays.equals(unguidedImage.pixels(), guidedImage.pixels())).as(scheduler.apiName()).isTrue();
        }
    }

    @Test
    void aRequestGivesTheSamePixelsAfterRequestsOfOtherSizes() {
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(TinyVariant.SD15_INPAINT),
                DiffusionOptions.DEFAULT)) {
            BackgroundRequest request = TinyFolders.request(23, 4);
            DiffusionRun run = DiffusionRun.of(generator.options());
            List<RgbImage> first = generator.generate(request, 2, run);
            generator.generate(request.withParameters(new BackgroundParameters(1.0, 0.6, 1.0, 7)), 3, run);
            generator.generate(BackgroundRequest.of(tallSubject(), "stone", "", 5), 1, run);
            List<RgbImage> again = generator.generate(request, 2, run);
            for (int k = 0; k < 2; k++) {
                assertThat(Arrays.equals(again.get(k).pixels(), first.get(k).pixels())).as("sample %d", k).isTrue();
            }
        }
    }

    /** A 40x120 canvas with a product in its lower half: another working size than the usual request's. */
    private static Subject tallSubject() {
        int w = 40, h = 120;
        int[] px = new int[w * h];
        float[] alpha = new float[w * h];
        for (int i = 0; i < px.length; i++) {
            boolean inside = i / w >= 70 && i / w < 110 && i % w >= 10 && i % w < 30;
            px[i] = inside ? 0x30A050 : 0x707070;
            alpha[i] = inside ? 1f : 0f;
        }
        return new Subject(new RgbImage(w, h, px), new Mask(w, h, alpha), new Box(10, 70, 20, 40));
    }
}
