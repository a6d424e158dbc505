package dev.backdrop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.testing.TinySegmentationModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process started as the launcher starts it leaves ONNX Runtime's telemetry unstarted: no
 * uploader's log in /tmp and no device identifier in the user's cache. Should a runtime upgrade
 * rename the opt-out, this fails.
 */
class OnnxEnvironmentTest {

    @Test
    void aProcessWithTheOptOutStartsNoTelemetry(@TempDir Path dir) throws Exception {
        Path model = TinySegmentationModel.write(dir.resolve("tiny.onnx"), 8, new float[] {1, 0, 0}, 0);
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TelemetryProbe.class.getName(), model.toString(), "8"));
        builder.environment().put(OnnxEnvironment.OPT_OUT, "1");
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("ran").doesNotContain(OnnxEnvironment.OPT_OUT + " is not set");
        assertThat(Path.of("/tmp", "mat-debug-" + process.pid() + ".log")).doesNotExist();
        assertThat(home.resolve(".cache/Microsoft")).doesNotExist();
    }
}
