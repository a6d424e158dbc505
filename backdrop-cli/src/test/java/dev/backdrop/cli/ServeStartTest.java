package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backdrop.onnx.TransparentHugePages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backdrop serve} in a process of its own says what matters in a few lines, not the libraries' chatter. */
class ServeStartTest {

    /** What the launcher sets (LauncherTest). */
    private static final String LAUNCHER_TUNABLES = "glibc.malloc.mmap_threshold=262144";

    @TempDir
    Path dir;

    @Test
    void aStartSaysVersionUrlDatabaseStorageAndGeneratorInAFewLines() throws Exception {
        // As ./backdrop starts it: huge pages asked for, so nothing is lost and nothing is said of them.
        List<String> lines = startUntilReady(List.of("-XX:+UseTransparentHugePages"), LAUNCHER_TUNABLES);
        String all = String.join("\n", lines);
        assertThat(all).contains("ready:").containsPattern("backdrop .* listening on http://127\\.0\\.0\\.1:\\d+ \\(no authentication\\)")
                .contains("database: embedded H2 in ").contains("storage: files in ").contains("backgrounds: procedural scenes");
        assertThat(lines).as(all).hasSizeLessThanOrEqualTo(6);
        assertThat(all).doesNotContain("org.eclipse.jetty").doesNotContain("org.flywaydb").doesNotContain("com.zaxxer")
                .doesNotContain("huge pages");
    }

    @Test
    void aStartWithoutHugePagesSaysWhatItLoses() throws Exception {
        assumeTrue(TransparentHugePages.ofThisProcess().mode().equals("madvise"),
                "only where the kernel gives huge pages on request");
        String all = String.join("\n", startUntilReady(List.of("-XX:-UseTransparentHugePages"), LAUNCHER_TUNABLES));
        assertThat(all).contains("ready:").contains("transparent huge pages are available but the Java heap does not ask for them")
                .contains("-XX:+UseTransparentHugePages");
    }

    /** The lines a {@code serve} process writes up to its "ready:" line. */
    private List<String> startUntilReady(List<String> jvmOptions, String tunables) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(CommandProcess.command(jvmOptions, "serve", "--port", "0", "--no-auth",
                "--data", dir.resolve("data").toString())).redirectErrorStream(true);
        builder.environment().put("GLIBC_TUNABLES", tunables);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains("ready:")) {
                    break;
                }
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        return lines;
    }
}
