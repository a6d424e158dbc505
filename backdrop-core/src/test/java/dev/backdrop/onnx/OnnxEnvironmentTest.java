package dev.backdrop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.testing.TinySegmentationModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that starts ONNX Runtime through {@link OnnxEnvironment}, run as the launcher runs it:
 * its temporary directory and home are the test's, so what the runtime leaves behind is seen.
 */
class OnnxEnvironmentTest {

    @TempDir
    Path dir;

    private Path model;
    private Path temporary;
    private Path home;

    @BeforeEach
    void tinyModelAndFolders() throws Exception {
        model = TinySegmentationModel.write(dir.resolve("tiny.onnx"), 8, new float[] {1, 0, 0}, 0);
        temporary = Files.createDirectories(dir.resolve("tmp"));
        home = Files.createDirectories(dir.resolve("home"));
    }

    /** Should a runtime upgrade rename the opt-out, this fails. */
    @Test
    void aProcessWithTheOptOutStartsNoTelemetry() throws Exception {
        Process process = probe().start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("ran").doesNotContain(OnnxEnvironment.OPT_OUT + " is not set");
        assertThat(Path.of("/tmp", "mat-debug-" + process.pid() + ".log")).doesNotExist();
        assertThat(home.resolve(".cache/Microsoft")).doesNotExist();
    }

    @Test
    void theLoadersLibraryFolderIsGoneOnceTheRuntimeRunsEvenWhenTheProcessIsKilled() throws Exception {
        Process process = probe("wait").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ran")) {
                // start-up lines
            }
            assertThat(line).as("the probe ran its graph").isEqualTo("ran");
            assertThat(loaderFolders()).as("while the process still runs").isEmpty();
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(loaderFolders()).as("after a kill, which runs no exit hook").isEmpty();
    }

    private ProcessBuilder probe(String... more) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temporary, "-cp", System.getProperty("java.class.path"),
                RuntimeProbe.class.getName(), model.toString(), "8"));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(OnnxEnvironment.OPT_OUT, "1");
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        return builder.redirectErrorStream(true);
    }

    private List<Path> loaderFolders() throws Exception {
        try (Stream<Path> entries = Files.list(temporary)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("onnxruntime-java")).toList();
        }
    }
}
