package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.db.Database;
import dev.backdrop.onnx.TransparentHugePages;
import dev.backdrop.testing.TestPhotos;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backdrop serve} in a process of its own says what matters in a few lines, not the libraries' chatter. */
class ServeStartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the launcher sets (LauncherTest). */
    private static final String LAUNCHER_TUNABLES = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=262144";

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

    @Test
    void aPortInUseIsSaidInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CommandProcess serve = CommandProcess.run(Map.of(), dir, "serve", "--port", String.valueOf(port), "--no-auth",
                    "--data", dir.resolve("data").toString());
            assertThat(serve.exit()).as(serve.err()).isEqualTo(1);
            assertThat(serve.err()).contains("error: port " + port + " on 127.0.0.1 is already in use")
                    .contains("--port").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(serve.out()).doesNotContain("listening on");
        }
    }

    @Test
    void aStopFinishesTheRunningJobAndKeepsTheQueuedOnes() throws Exception {
        Path data = dir.resolve("data");
        String log;
        try (ServingProcess server = ServingProcess.start(data)) {
            String photo = Base64.getEncoder().encodeToString(TestPhotos.bytes("chelsea.png"));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(server.submit("{\"kind\":\"cutout\",\"image\":\"" + photo + "\"}"));
            }
            // One cut-out takes about a second: on a loaded machine the first may be done before
            // the last is sent, and then another is under way.
            server.awaitStatus(ids.get(0), "running", "succeeded");
            server.signalStop(); // SIGTERM: the orderly stop, then the libraries' own hooks (ONNX Runtime's, H2's)
            assertThat(server.awaitExit()).as(server.log()).isZero();
            log = server.log();
        }
        assertThat(log).contains("finishing running work").doesNotContainIgnoringCase("exception").doesNotContain("ERROR");
        Map<String, Integer> statuses = jobStatuses(data);
        // The job that was running when the stop came finished and was saved; none was left
        // running or failed, and the ones not started wait for the next start.
        assertThat(statuses).as(log).containsOnlyKeys("succeeded", "queued");
        assertThat(statuses.get("succeeded")).isBetween(1, 3);
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
    }

    @Test
    void aSecondStopSignalEndsTheProcessAtOnceAndTheJobRunsAgainLater() throws Exception {
        Path data = dir.resolve("data");
        String log;
        try (ServingProcess server = ServingProcess.start(data)) {
            String photo = Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png"));
            // Sixteen scenes take several seconds: long enough to be cut off.
            String id = server.submit("{\"prompt\":\"white marble, soft light\",\"samples\":16,\"image\":\"" + photo + "\"}");
            server.awaitStatus(id, "running");
            server.signalStop();
            Thread.sleep(300);
            server.signalStop();
            assertThat(server.awaitExit()).as(server.log()).isEqualTo(128 + 15);
            log = server.log();
        }
        assertThat(log).contains("finishing running work").contains("stopping at once");
        assertThat(jobStatuses(data)).as(log).containsExactly(Map.entry("running", 1));
    }

    /** How many jobs the embedded database of {@code data} holds in each status. */
    private static Map<String, Integer> jobStatuses(Path data) throws Exception {
        Map<String, Integer> statuses = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(Database.embeddedUrl(data));
             ResultSet rows = db.createStatement().executeQuery("SELECT status, count(*) FROM jobs GROUP BY status")) {
            while (rows.next()) {
                statuses.put(rows.getString(1), rows.getInt(2));
            }
        }
        return statuses;
    }

    /** {@code backdrop serve --no-auth} in a process of its own, ready, with what it printed. */
    private static final class ServingProcess implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final List<String> lines = new ArrayList<>();
        private final HttpClient http = HttpClient.newHttpClient();
        private String base;

        private ServingProcess(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static ServingProcess start(Path data) throws Exception {
            return start(data, List.of("-Xmx1g"), Map.of());
        }

        /** Started with {@code jvmOptions} and {@code environment} added to this process's own. */
        static ServingProcess start(Path data, List<String> jvmOptions, Map<String, String> environment) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(CommandProcess.command(jvmOptions, "serve", "--port", "0", "--no-auth",
                    "--data", data.toString())).redirectErrorStream(true);
            builder.environment().putAll(environment);
            ServingProcess server = new ServingProcess(builder.start());
            CompletableFuture<Boolean> ready = killedUnlessDoneIn(server.process, 3);
            String line;
            while ((line = server.out.readLine()) != null) {
                server.lines.add(line);
                if (line.contains("ready:")) {
                    break;
                }
                Matcher url = Pattern.compile("listening on (http://\\S+:\\d+)").matcher(line);
                server.base = url.find() ? url.group(1) : server.base;
            }
            ready.complete(line != null);
            assertThat(line).as("the ready line, after: %s", server.log()).isNotNull();
            assertThat(server.base).as(server.log()).isNotNull();
            return server;
        }

        /** Queues a job; its id. */
        String submit(String body) throws Exception {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            return JSON.readTree(created.body()).get("id").asText();
        }

        /** Waits until job {@code id} is in one of {@code awaited}; fails at once if it ends in another. */
        void awaitStatus(String id, String... awaited) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            for (String status; !List.of(awaited).contains(status = status(id)); ) {
                assertThat(status).as("job %s while waiting for %s", id, List.of(awaited)).isIn("queued", "running");
                assertThat(System.nanoTime()).as("job %s reaches %s", id, List.of(awaited)).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        private String status(String id) throws Exception {
            HttpResponse<String> job = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(job.body()).get("status").asText();
        }

        /** SIGTERM, leaving the output open to read to its end (Process.destroy closes it). */
        void signalStop() {
            process.toHandle().destroy();
        }

        /** Reads the output to its end; the exit status. */
        int awaitExit() throws Exception {
            CompletableFuture<Boolean> exited = killedUnlessDoneIn(process, 2);
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
            exited.complete(true);
            assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
            return process.exitValue();
        }

        String log() {
            return String.join("\n", lines);
        }

        /** Stops the process if it still runs, and waits for it, so that nothing writes to its folder afterwards. */
        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            out.close();
        }
    }

    /** The lines a {@code serve} process writes up to its "ready:" line. */
    private List<String> startUntilReady(List<String> jvmOptions, String tunables) throws Exception {
        try (ServingProcess server = ServingProcess.start(dir.resolve("data"), jvmOptions, Map.of("GLIBC_TUNABLES", tunables))) {
            return List.copyOf(server.lines);
        }
    }

    /**
     * Kills {@code process} unless the returned future is completed with {@code true} within
     * {@code minutes}: a server that never gets ready or never stops then ends the test's reading
     * of its output, which would otherwise wait for ever.
     */
    private static CompletableFuture<Boolean> killedUnlessDoneIn(Process process, int minutes) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        done.completeOnTimeout(false, minutes, TimeUnit.MINUTES).thenAccept(inTime -> {
            if (!inTime) {
                process.toHandle().destroyForcibly(); // leaves the output readable to its end
            }
        });
        return done;
    }
}
