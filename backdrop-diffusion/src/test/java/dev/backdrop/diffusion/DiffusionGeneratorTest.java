package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.diffusion.model.TimestepForm;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.image.RgbImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DiffusionGeneratorTest {

    private static DiffusionGenerator inpaint;

    @BeforeAll
    static void open() {
        inpaint = DiffusionGenerator.open(TinyFolders.of(TinyVariant.SD15_INPAINT),
                DiffusionOptions.DEFAULT.withScheduler(SchedulerName.EULER_A));
    }

    @AfterAll
    static void close() {
        inpaint.close();
    }

    @Test
    void makesACanvasSizedPictureWithTheProductUntouched() {
        BackgroundRequest request = TinyFolders.request(42, 4);
        RgbImage image = inpaint.generate(request);
        assertThat(image.width()).isEqualTo(96);
        assertThat(image.height()).isEqualTo(72);
        assertProductUnchanged(request, image);
        assertThat(backgroundDiffers(request, image)).as("background pixels repainted").isGreaterThan(0.5);
    }

    @Test
    void sameSeedSamePixelsOtherSeedOtherPixels() {
        RgbImage first = inpaint.generate(TinyFolders.request(7, 3));
        RgbImage again = inpaint.generate(TinyFolders.request(7, 3));
        RgbImage other = inpaint.generate(TinyFolders.request(8, 3));
        assertThat(Arrays.equals(again.pixels(), first.pixels())).isTrue();
        assertThat(Arrays.equals(other.pixels(), first.pixels())).isFalse();
    }

    @Test
    void promptSteersThePicture() {
        BackgroundRequest request = TinyFolders.request(7, 3);
        BackgroundRequest other = new BackgroundRequest(request.subject(), request.width(), request.height(),
                "a wooden floor in a garden", request.negativePrompt(), null, request.parameters(), 7);
        assertThat(Arrays.equals(inpaint.generate(other).pixels(), inpaint.generate(request).pixels())).isFalse();
    }

    @Test
    void negativePromptCountsOnlyWithGuidance() {
        BackgroundRequest request = TinyFolders.request(7, 3);
        BackgroundRequest otherNegative = new BackgroundRequest(request.subject(), request.width(), request.height(),
                request.prompt(), "people, text, watermark", null, request.parameters(), 7);
        assertThat(Arrays.equals(inpaint.generate(otherNegative).pixels(), inpaint.generate(request).pixels()))
                .isFalse();
        BackgroundParameters unguided = new BackgroundParameters(1.0, 0.6, 1.0, 3);
        assertThat(Arrays.equals(inpaint.generate(otherNegative.withParameters(unguided)).pixels(),
                inpaint.generate(request.withParameters(unguided)).pixels())).isTrue();
    }

    @Test
    void batchedSamplesEqualSingleRunsWithConsecutiveSeeds() {
        BackgroundRequest request = TinyFolders.request(100, 3);
        DiffusionRun run = DiffusionRun.of(inpaint.options());
        List<RgbImage> batch = inpaint.generate(request, 3, run);
        assertThat(batch).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(Arrays.equals(batch.get(k).pixels(), inpaint.generate(request.withSeed(100 + k)).pixels())).as("sample %d", k).isTrue();
        }
    }

    @Test
    void reportsEveryStepAndStrengthPicksTheStart() {
        List<Integer> done = new ArrayList<>();
        List<Integer> totals = new ArrayList<>();
        DiffusionRun run = new DiffusionRun(SchedulerName.DDIM, 0.5, (step, total) -> {
            done.add(step);
            totals.add(total);
        });
        inpaint.generate(TinyFolders.request(1, 10), 1, run);
        assertThat(done).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        done.clear();
        totals.clear();
        BackgroundRequest half = TinyFolders.request(1, 10)
                .withParameters(new BackgroundParameters(0.5, 0.6, 7.5, 10));
        inpaint.generate(half, 1, run);
        assertThat(done).containsExactly(1, 2, 3, 4, 5);
        assertThat(totals).containsOnly(5);
    }

    @Test
    void strengthBelowOneKeepsMoreOfThePhoto() {
        BackgroundRequest full = TinyFolders.request(5, 10);
        BackgroundRequest light = full.withParameters(new BackgroundParameters(0.2, 0.6, 7.5, 10));
        assertThat(backgroundDiffers(light, inpaint.generate(light)))
                .isLessThanOrEqualTo(backgroundDiffers(full, inpaint.generate(full)));
    }

    @Test
    void runsWithoutGuidance() {
        BackgroundRequest request = TinyFolders.request(3, 2)
                .withParameters(new BackgroundParameters(1.0, 0.6, 0.0, 2));
        assertProductUnchanged(request, inpaint.generate(request));
    }

    @ParameterizedTest
    @EnumSource(SchedulerName.class)
    void everySchedulerRuns(SchedulerName name) {
        DiffusionRun run = DiffusionRun.of(inpaint.options()).withScheduler(name);
        BackgroundRequest request = TinyFolders.request(11, 3);
        RgbImage image = inpaint.generate(request, 1, run).get(0);
        assertProductUnchanged(request, image);
        BackgroundRequest partial = request.withParameters(new BackgroundParameters(0.7, 0.6, 7.5, 4));
        assertProductUnchanged(partial, inpaint.generate(partial, 1, run).get(0));
    }

    @ParameterizedTest
    // The benchmark UNets have tests of their own (BenchModelTest, Sd15UnetTest): the full one is 3.2 GB.
    @EnumSource(value = TinyVariant.class, mode = EnumSource.Mode.EXCLUDE,
            names = {"SD15_INPAINT_BENCH", "SD15_INPAINT_UNET"})
    void everyTinyVariantRuns(TinyVariant variant) {
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(variant),
                DiffusionOptions.DEFAULT.withScheduler(SchedulerName.EULER))) {
            BackgroundRequest request = TinyFolders.request(9, 3);
            RgbImage image = generator.generate(request);
            assertProductUnchanged(request, image);
            assertThat(Arrays.equals(image.pixels(), generator.generate(request).pixels())).isTrue();
            assertThat(backgroundDiffers(request, image)).isGreaterThan(0.5);
        }
    }

    @ParameterizedTest
    @EnumSource(TimestepForm.class)
    void everyTimestepFormRuns(TimestepForm form) {
        var spec = TinyVariant.SD15_INPAINT.spec().withTimestep(form);
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.fresh(spec), DiffusionOptions.DEFAULT)) {
            assertThat(generator.model().timestepForm()).isEqualTo(form);
            List<RgbImage> images = generator.generate(TinyFolders.request(4, 2), 2,
                    DiffusionRun.of(generator.options()));
            assertThat(images).hasSize(2);
        }
    }

    @Test
    void halfPrecisionUnetGivesNearlyTheSamePicture() {
        for (TinyVariant variant : List.of(TinyVariant.SD15_INPAINT, TinyVariant.SD15_CONTROLNET, TinyVariant.SDXL)) {
            var spec = variant.spec().withFloat16Unet(true);
            try (DiffusionGenerator half = DiffusionGenerator.open(TinyFolders.fresh(spec), DiffusionOptions.DEFAULT);
                 DiffusionGenerator full = DiffusionGenerator.open(TinyFolders.of(variant), DiffusionOptions.DEFAULT)) {
                assertThat(half.model().unet().requireInput("sample").type())
                        .isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT16);
                BackgroundRequest request = TinyFolders.request(12, 3);
                RgbImage a = half.generate(request);
                RgbImage b = full.generate(request);
                assertProductUnchanged(request, a);
                assertThat(meanAbsoluteDifference(a, b)).as(variant.cliName()).isLessThan(3.0);
            }
        }
    }

    @Test
    void fixedBatchUnetRunsInChunksWithTheSameResult() {
        var spec = TinyVariant.SD15_INPAINT.spec().withUnetBatch(1);
        try (DiffusionGenerator single = DiffusionGenerator.open(TinyFolders.fresh(spec), DiffusionOptions.DEFAULT)) {
            assertThat(single.model().unetBatchLimit()).isEqualTo(1);
            BackgroundRequest request = TinyFolders.request(31, 3);
            List<RgbImage> chunked = single.generate(request, 2, DiffusionRun.of(single.options()));
            List<RgbImage> batched = inpaintDefault().generate(request, 2, DiffusionRun.of(single.options()));
            for (int k = 0; k < 2; k++) {
                assertThat(meanAbsoluteDifference(chunked.get(k), batched.get(k))).isLessThan(0.01);
            }
        }
        DiffusionGenerator capped = new DiffusionGenerator(inpaint.model(), DiffusionOptions.DEFAULT.withMaxBatch(3));
        BackgroundRequest request = TinyFolders.request(32, 2);
        List<RgbImage> threeRows = capped.generate(request, 2, DiffusionRun.of(capped.options()));
        List<RgbImage> all = inpaintDefault().generate(request, 2, DiffusionRun.of(capped.options()));
        for (int k = 0; k < 2; k++) {
            assertThat(meanAbsoluteDifference(threeRows.get(k), all.get(k))).isLessThan(0.01);
        }
    }

    private static DiffusionGenerator inpaintDefault() {
        return new DiffusionGenerator(inpaint.model(), DiffusionOptions.DEFAULT);
    }

    static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
        long sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            int p = a.pixels()[i], q = b.pixels()[i];
            for (int shift = 0; shift <= 16; shift += 8) {
                sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
            }
        }
        return (double) sum / (3.0 * a.pixels().length);
    }

    @Test
    void fourChannelUnetKeepsTheKnownLatentsAroundTheProduct() {
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(TinyVariant.SD15),
                DiffusionOptions.DEFAULT.withScheduler(SchedulerName.DDIM))) {
            assertThat(generator.model().inpaintingUnet()).isFalse();
            BackgroundRequest request = TinyFolders.request(21, 4);
            assertProductUnchanged(request, generator.generate(request));
        }
    }

    @Test
    void controlNetWeightChangesThePicture() {
        for (TinyVariant variant : List.of(TinyVariant.SD15_CONTROLNET, TinyVariant.SD15_CONTROLNET_FUSED)) {
            try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(variant), DiffusionOptions.DEFAULT)) {
                BackgroundRequest request = TinyFolders.request(2, 3);
                RgbImage off = generator.generate(request, 1, new DiffusionRun(SchedulerName.EULER, 0, null)).get(0);
                RgbImage on = generator.generate(request, 1, new DiffusionRun(SchedulerName.EULER, 1.0, null)).get(0);
                assertThat(Arrays.equals(on.pixels(), off.pixels())).as(variant.cliName()).isFalse();
                assertProductUnchanged(request, on);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TinyVariant.class, names = {"SD15_IP_ADAPTER", "SD15_IP_ADAPTER_TOKENS"})
    void referenceImageSteersAnIpAdapter(TinyVariant variant) {
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(variant), DiffusionOptions.DEFAULT)) {
            BackgroundRequest plain = TinyFolders.request(6, 3);
            RgbImage reference = TinyFolders.subject().image();
            BackgroundRequest withReference = plain.withReference(reference);
            BackgroundRequest weightless = withReference.withParameters(plain.parameters().withIpAdapterWeight(0));
            RgbImage none = generator.generate(plain);
            assertThat(Arrays.equals(generator.generate(withReference).pixels(), none.pixels())).isFalse();
            assertThat(Arrays.equals(generator.generate(weightless).pixels(), none.pixels())).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TinyVariant.class, names = {"SD15_INPAINT", "SD15_CONTROLNET"})
    void memoryStaysFlatOverFiftyRuns(TinyVariant variant) {
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(variant), DiffusionOptions.DEFAULT
                .withScheduler(SchedulerName.EULER_A))) {
            assertFlat(generator);
        }
    }

    private static void assertFlat(DiffusionGenerator generator) {
        BackgroundRequest request = TinyFolders.request(77, 2);
        for (int i = 0; i < 10; i++) {
            generator.generate(request);
        }
        long before = usedHeapAfterGc();
        long rssBefore = residentBytes();
        for (int i = 0; i < 50; i++) {
            generator.generate(request.withSeed(i));
        }
        long after = usedHeapAfterGc();
        long rssAfter = residentBytes();
        assertThat(after - before).as("heap growth over 50 runs").isLessThan(8L << 20);
        if (rssBefore > 0) {
            assertThat(rssAfter - rssBefore).as("resident memory growth over 50 runs").isLessThan(64L << 20);
        }
    }

    static void assertProductUnchanged(BackgroundRequest request, RgbImage image) {
        int[] subject = request.subject().image().pixels();
        float[] alpha = request.subject().mask().alpha();
        int[] px = image.pixels();
        int checked = 0;
        for (int i = 0; i < px.length; i++) {
            if (alpha[i] >= 1f) {
                assertThat(px[i]).as("product pixel %d", i).isEqualTo(subject[i] & 0xFFFFFF);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(0);
    }

    /** The share of background pixels that differ from the photo. */
    static double backgroundDiffers(BackgroundRequest request, RgbImage image) {
        int[] subject = request.subject().image().pixels();
        float[] alpha = request.subject().mask().alpha();
        int differ = 0, total = 0;
        for (int i = 0; i < subject.length; i++) {
            if (alpha[i] == 0f) {
                total++;
                if ((subject[i] & 0xFFFFFF) != image.pixels()[i]) {
                    differ++;
                }
            }
        }
        return (double) differ / total;
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
