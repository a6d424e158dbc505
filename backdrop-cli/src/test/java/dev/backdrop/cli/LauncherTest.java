package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code backdrop} launcher script's JVM options, {@code GLIBC_TUNABLES} and ONNX Runtime's telemetry opt-out, run from a copy
 * beside a jar newer than any source (so it builds nothing) with a {@code java} on the path that
 * prints what it was given.
 */
class LauncherTest {

    private static final String TUNABLES = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=262144";
    private static final String HEAP_PAGES = System.getProperty("os.name").equals("Linux") ? "-XX:+UseTransparentHugePages " : "";

    @TempDir
    Path root;

    @BeforeEach
    void copyTheLauncherBesideAJar() throws IOException {
        Path script = root.resolve("backdrop");
        Files.copy(Path.of("..", "backdrop"), script);
        Path jar = root.resolve("backdrop-cli/target/backdrop.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not read: java below is a stand-in");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"args: $*\"\necho \"tunables: $GLIBC_TUNABLES\"\n"
                + "echo \"telemetry opt-out: $ORT_DISABLE_TELEMETRY\"\n");
        for (Path file : List.of(script, bin.resolve("java"))) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void everyCommandAsksForHeapHugePagesAndAMallocThresholdAndServeCapsItsHeap() throws Exception {
        assertThat(launch(Map.of(), "cutout", "x.png")).startsWith(
                "args: " + HEAP_PAGES + "-jar " + jar() + " cutout x.png", "tunables: " + TUNABLES);
        assertThat(launch(Map.of(), "serve")).startsWith(
                "args: " + HEAP_PAGES + "-Xmx1g -jar " + jar() + " serve", "tunables: " + TUNABLES);
    }

    @Test
    void javaOptionsOfTheCallersOwnReplaceTheLaunchersOptions() throws Exception {
        assertThat(launch(Map.of("BACKDROP_JAVA_OPTS", "-Xmx2g"), "serve")).first()
                .isEqualTo("args: -Xmx2g -jar " + jar() + " serve");
    }

    @Test
    void tunablesOfTheCallersOwnAreKeptAndWinOverTheLaunchersOwn() throws Exception {
        assertThat(launch(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2"), "cutout"))
                .contains("tunables: glibc.malloc.arena_max=2:" + TUNABLES);
        assertThat(launch(Map.of("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=1048576"), "cutout"))
                .contains("tunables: glibc.malloc.mmap_threshold=1048576:glibc.malloc.hugetlb=1");
        assertThat(launch(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0"), "cutout"))
                .contains("tunables: glibc.malloc.hugetlb=0:glibc.malloc.mmap_threshold=262144");
    }

    @Test
    void onnxRuntimesTelemetryIsOffUnlessTheCallerSetsTheOptOutThemselves() throws Exception {
        assertThat(launch(Map.of(), "serve")).contains("telemetry opt-out: 1");
        assertThat(launch(Map.of(), "cutout", "x.png")).contains("telemetry opt-out: 1");
        assertThat(launch(Map.of("ORT_DISABLE_TELEMETRY", "0"), "serve")).contains("telemetry opt-out: 0");
    }

    @Test
    void theApiBenchStartsItsServerWithTheOptionsTheLauncherGivesServe() throws Exception {
        List<String> bench = jvmOptions(launch(Map.of(), "bench", "api", "x.png").get(0));
        List<String> serve = jvmOptions(launch(Map.of(), "serve").get(0));
        assertThat(ApiBench.serverJvm("java", bench, false)).isEqualTo(prepend("java", serve));
        List<String> own = jvmOptions(launch(Map.of("BACKDROP_JAVA_OPTS", "-Xmx3g -Xss2m"), "bench", "api", "x.png").get(0));
        assertThat(ApiBench.serverJvm("java", own, true)).containsExactly("java", "-Xmx3g", "-Xss2m");
    }

    /** The options before {@code -jar} in the stand-in java's "args:" line. */
    private static List<String> jvmOptions(String argsLine) {
        List<String> words = List.of(argsLine.substring("args: ".length()).split(" "));
        return words.subList(0, words.indexOf("-jar"));
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private String jar() {
        return root.resolve("backdrop-cli/target/backdrop.jar").toString();
    }

    private List<String> launch(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("backdrop").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("BACKDROP_JAVA_OPTS");
        builder.environment().remove("GLIBC_TUNABLES");
        builder.environment().remove("ORT_DISABLE_TELEMETRY");
        builder.environment().putAll(environment);
        builder.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
