package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.scene.Scene;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DiffusionSceneSourceTest {

    @Test
    void buildsASceneWithTheDiffusionBackgroundAndANeutralLayout() {
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.of(TinyVariant.SD15_INPAINT),
                DiffusionOptions.DEFAULT)) {
            AtomicInteger steps = new AtomicInteger();
            DiffusionSceneSource source = new DiffusionSceneSource(generator,
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
    void benchmarkReportsStepsAndOverhead() {
        DiffusionBenchmark.Report report = DiffusionBenchmark.tiny(SchedulerName.DDIM, 64, 4, 2);
        assertThat(report.width()).isEqualTo(64);
        assertThat(report.stepsPerSecond()).isPositive();
        assertThat(report.unetMillis()).isPositive();
        assertThat(report.toText()).contains("steps/s").contains("overhead");
    }
}
