package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.model.ModelId;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench cutout} on a real photo, ours alone: its table, the processor, and the model's profile. */
class CutoutBenchTest {

    @Test
    void profileBreaksTheModelPassDownByOperatorAndRatesItsConvolutions(@TempDir Path dir) throws Exception {
        TestModels.path(ModelId.ISNET_FP16);
        Path photo = Files.write(dir.resolve("chelsea.png"), TestPhotos.bytes("chelsea.png"));

        CommandRun run = CommandRun.of("bench", "cutout", photo.toString(), "--peer", "none", "--batch", "0",
                "--runs", "1", "--warmup", "0", "--profile");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("machine: ").contains("chelsea.png (451×300)")
                .contains("model pass under ONNX Runtime's profiler (chelsea.png, run 1 of 1)")
                .containsPattern("\\n  Conv +\\d+ nodes +[\\d.]+ ms +[\\d.]+%")
                .containsPattern("convolutions: 3\\d\\d\\.\\d GFLOP in \\d+ ms, [\\d.]+ GFLOP/s");
    }
}
