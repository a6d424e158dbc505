package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.scene.Scene;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DiffusionBackgroundSourceTest {

    @Test
    void buildsASceneWithTheDiffusionBackgroundAndANeutralLayout() {
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(TinyVariant.SD15_INPAINT),
                DiffusionOptions.DEFAULT)) {
            AtomicInteger steps = new AtomicInteger();
            DiffusionBackgroundSource source = new DiffusionBackgroundSource(generator,
                    request -> new DiffusionRun(SchedulerName.UNIPC, 0.5, (done, total) -> steps.incrementAndGet()));
            BackgroundRequest request = TinyFolders.request(3, 3);
            Scene scene = source.build(request);
            assertThat(java.util.Arrays.equals(scene.background().pixels(), generator.generate(request, 1,
                    new DiffusionRun(SchedulerName.UNIPC, 0.5, null)).get(0).pixels())).isTrue();
            assertThat(scene.layout().width()).isEqualTo(request.width());
            assertThat(scene.description().summary()).isNotBlank();
            assertThat(steps.get()).isEqualTo(3);
        }
    }

    @Test
    void theBatchIsAsManySamplesAsTheBatchMemoryHoldsAndAtLeastOne() {
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(TinyVariant.SD15_INPAINT),
                DiffusionOptions.DEFAULT)) {
            BackgroundRequest request = TinyFolders.request(3, 3);
            long one = generator.sampleBytes(request);
            // guidance doubles the UNet rows of a sample; a larger canvas holds a larger background
            BackgroundRequest unguided = request.withParameters(new BackgroundParameters(1.0, 0.6, 1.0, 3));
            assertThat(generator.sampleBytes(unguided)).isPositive().isLessThan(one);
            Subject large = TinyFolders.subject(192, 144);
            assertThat(generator.sampleBytes(new BackgroundRequest(large, 192, 144, request.prompt(),
                    request.negativePrompt(), null, request.parameters(), 3))).isGreaterThan(one);

            assertThat(source(generator, 10 * one).batch(request)).isEqualTo(10);
            assertThat(source(generator, 10 * one - 1).batch(request)).isEqualTo(9);
            assertThat(source(generator, one / 2).batch(request)).isEqualTo(1);
            assertThat(new DiffusionBackgroundSource(generator).batch(request)).as("the default budget")
                    .isEqualTo((int) Math.min(Integer.MAX_VALUE, DiffusionBackgroundSource.defaultBatchBytes() / one));
        }
    }

    private static DiffusionBackgroundSource source(DiffusionGenerator generator, long batchBytes) {
        return new DiffusionBackgroundSource(generator, request -> DiffusionRun.of(generator.options()), batchBytes);
    }

    @Test
    void benchmarkReportsStepsAndOverhead() {
        DiffusionBenchmark.Report report = DiffusionBenchmark.tiny(SchedulerName.DDIM, 64, 4, 2);
        assertThat(report.width()).isEqualTo(64);
        assertThat(report.stepsPerSecond()).isPositive();
        assertThat(report.unetMillis()).isPositive();
        assertThat(report.toText()).contains("steps/s").contains("overhead").contains("per image: ").contains(" text_encoder ");
        assertThat(report.graphSeconds()).containsKeys("text_encoder", "unet", "vae_encoder", "vae_decoder");
        assertThat(report.graphSeconds().get("unet")).isPositive();
        double inGraphs = report.graphSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(inGraphs).isLessThan(report.secondsPerImage());
    }
}
