package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.accounts.Pricing;
import dev.backdrop.storage.S3ProxyServer;
import dev.backdrop.testing.EmbeddedPostgresServer;
import dev.backdrop.testing.TestPhotos;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scaled-out deployment as real processes: PostgreSQL and an S3-compatible store, two
 * {@code serve --role api} and two {@code serve --role worker} processes. A mixed load goes
 * through both API nodes while one worker is killed ({@code kill -9}) holding a running job; its
 * job is run again by the other worker once its lease runs out. Every request is answered in its
 * route's shape, every job ends once, every result is stored once, and the credits add up.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScaleOutTest {

    private static final String ADMIN_TOKEN = "scale-out-test-admin-token-0123456789";
    private static final long GRANT = 1000;
    private static final Pattern WORKER_NAME = Pattern.compile("job worker (worker-[0-9a-f]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One {@code backdrop serve} process and where its output goes. */
    private record Node(String name, Process process, int port, Path log) {
        String base() {
            return "http://127.0.0.1:" + port;
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Node node : nodes) {
            node.process().destroyForcibly();
        }
        for (Node node : nodes) {
            node.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoApiNodesAndTwoWorkersFinishEveryJobOnceThoughAWorkerIsKilled() throws Exception {
        String database = EmbeddedPostgresServer.newDatabaseUrl();
        S3ProxyServer s3 = S3ProxyServer.shared();
        String bucket = "scale-out-" + Long.toHexString(System.nanoTime());
        s3.createBucket(bucket);
        String storage = "s3://" + bucket + "/backdrop?endpoint=" + s3.endpoint() + "&region=" + S3ProxyServer.REGION
                + "&path-style=true";
        int[] ports = {freePort(), freePort(), freePort(), freePort()};
        String publicUrl = "http://127.0.0.1:" + ports[0];

        // The first node creates the schema; the others start on it.
        Node api1 = start("api-1", "api", ports[0], database, storage, publicUrl);
        awaitReady(api1, Duration.ofSeconds(90));
        Node api2 = start("api-2", "api", ports[1], database, storage, publicUrl);
        Node worker1 = start("worker-1", "worker", ports[2], database, storage, publicUrl);
        Node worker2 = start("worker-2", "worker", ports[3], database, storage, publicUrl);
        for (Node node : List.of(api2, worker1, worker2)) {
            awaitReady(node, Duration.ofSeconds(150));
        }
        // A worker answers health and metrics only.
        assertThat(send(post(worker1, "/v1/cutout", "{}")).statusCode()).isEqualTo(404);
        String doomed = workerName(worker1);
        String survivor = workerName(worker2);

        String key = createKey(api1);
        byte[][] photos = {TestPhotos.bytes("coffee.png"), TestPhotos.bytes("chelsea.png"),
                TestPhotos.bytes("astronaut.png")};
        Node[] apis = {api1, api2};

        List<CompletableFuture<Check>> load = new ArrayList<>();
        long expectedCharges = 0;
        Pricing prices = Pricing.defaults();
        String[] outputs = {"image", "mask", "json"};
        for (int i = 0; i < 6; i++) {
            String output = outputs[i % 3];
            String body = JSON.writeValueAsString(Map.of("image", b64(photos[i % 3]), "output", output));
            load.add(sendAsync(authorized(post(apis[i % 2], "/v1/cutout", body), key))
                    .thenApply(r -> Check.cutout(r, output)));
            expectedCharges += prices.cutout(1);
        }
        for (int i = 0; i < 4; i++) {
            boolean base64 = i % 2 == 0;
            int samples = base64 ? 2 : 1;
            String body = JSON.writeValueAsString(Map.of("image", b64(photos[i % 3]), "prompt", "on a marble counter",
                    "samples", samples, "base64", base64));
            load.add(sendAsync(authorized(post(apis[(i + 1) % 2], "/v1/bg-replace", body), key))
                    .thenApply(r -> Check.replace(r, base64, samples)));
            // the procedural scenes have no denoising loop: one unit per sample
            expectedCharges += prices.bgReplace(1, samples, 1);
        }
        // generate-image: one job per image on an API node, answered with the stored results' URLs
        String batch = JSON.writeValueAsString(Map.of("image_urls", List.of(b64(photos[0]), b64(photos[1])),
                "background", Map.of("prompt", "on a wooden table"), "result_number", 1));
        load.add(sendAsync(authorized(post(api2, "/service/v1/generate-image", batch), key))
                .thenApply(r -> Check.generate(r, 2)));
        expectedCharges += 2 * prices.generateImage(1, 1);
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String body = JSON.writeValueAsString(Map.of("image", b64(photos[i]), "prompt", "in a sunny kitchen"));
            HttpResponse<byte[]> submitted = send(authorized(post(apis[i % 2], "/v1/jobs", body), key));
            assertThat(submitted.statusCode()).as(new String(submitted.body(), StandardCharsets.UTF_8)).isEqualTo(202);
            jobIds.add(JSON.readTree(submitted.body()).get("id").asText());
            expectedCharges += prices.bgReplace(1, 1, 1);
        }

        String killedJob = awaitRunningJobOf(database, doomed, Duration.ofSeconds(90));
        worker1.process().destroyForcibly(); // SIGKILL: no shutdown hook, the lease is left to run out
        assertThat(worker1.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

        for (CompletableFuture<Check> answer : load) {
            Check check = answer.get(150, TimeUnit.SECONDS);
            assertThat(check.problem()).as(check.problem()).isNull();
        }
        for (int i = 0; i < jobIds.size(); i++) {
            JsonNode job = awaitJob(apis[(i + 1) % 2], key, jobIds.get(i), Duration.ofSeconds(120));
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("succeeded");
            assertThat(job.get("results")).hasSize(1);
        }

        try (Connection c = DriverManager.getConnection(database); Statement st = c.createStatement()) {
            // every request queued exactly one job, and every job succeeded once
            Map<String, String> statusById = new HashMap<>();
            Map<String, Integer> attempts = new HashMap<>();
            Map<String, String> workerById = new HashMap<>();
            List<String> results = new ArrayList<>();
            try (ResultSet rows = st.executeQuery("SELECT public_id, status, attempts, worker, result FROM jobs")) {
                while (rows.next()) {
                    statusById.put(rows.getString(1), rows.getString(2));
                    attempts.put(rows.getString(1), rows.getInt(3));
                    workerById.put(rows.getString(1), rows.getString(4));
                    results.add(rows.getString(5));
                }
            }
            assertThat(statusById).hasSize(6 + 4 + 2 + 3);
            assertThat(statusById.values()).containsOnly("succeeded");
            assertThat(attempts.get(killedJob)).as("the killed worker's job ran again").isEqualTo(2);
            assertThat(workerById.get(killedJob)).isEqualTo(survivor);

            // no result missing or stored twice: every job's files are distinct and fetchable
            List<String> fileKeys = new ArrayList<>();
            for (String result : results) {
                for (JsonNode item : JSON.readTree(result)) {
                    fileKeys.add(fileKey(item.get("url").asText()));
                    if (item.has("mask_url")) {
                        fileKeys.add(fileKey(item.get("mask_url").asText()));
                    }
                }
            }
            assertThat(fileKeys).doesNotHaveDuplicates().hasSize(6 * 2 + (2 + 1 + 2 + 1) + 2 + 3);
            for (String fileKey : fileKeys) {
                HttpResponse<byte[]> file = send(get(api2, "/files/" + fileKey));
                assertThat(file.statusCode()).as(fileKey).isEqualTo(200);
            }

            // the credits: the grant less each job's price, charged once, nothing refunded
            long charged = 0;
            Set<Long> charges = new HashSet<>();
            try (ResultSet rows = st.executeQuery("SELECT l.id, l.delta, l.reason FROM jobs j JOIN credit_ledger l"
                    + " ON l.id = j.charge_id")) {
                while (rows.next()) {
                    assertThat(rows.getString(3)).isEqualTo("charge");
                    charges.add(rows.getLong(1));
                    charged -= rows.getLong(2);
                }
            }
            assertThat(charges).hasSize(statusById.size());
            assertThat(charged).isEqualTo(expectedCharges);
            try (ResultSet rows = st.executeQuery("SELECT a.credits, (SELECT COUNT(*) FROM credit_ledger l WHERE"
                    + " l.account_id = a.id AND l.reason = 'refund'), (SELECT COUNT(*) FROM credit_ledger l WHERE"
                    + " l.account_id = a.id AND l.reason = 'charge'), (SELECT SUM(l.delta) FROM credit_ledger l WHERE"
                    + " l.account_id = a.id) FROM accounts a WHERE a.id = (SELECT DISTINCT account_id FROM jobs)")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(GRANT - expectedCharges);
                assertThat(rows.getLong(2)).as("refunds").isZero();
                assertThat(rows.getLong(3)).as("charges").isEqualTo(statusById.size());
                assertThat(rows.getLong(4)).isEqualTo(GRANT - expectedCharges);
            }
        }
        assertThat(worker2.output()).contains("queued 1 job(s) again that a stopped worker left running");
    }

    /** What one synchronous answer should have been; {@code problem} is null when it was. */
    private record Check(String problem) {

        static Check cutout(HttpResponse<byte[]> r, String output) {
            if (r.statusCode() != 200) {
                return fail("cutout " + output, r);
            }
            String type = r.headers().firstValue("content-type").orElse("");
            if (output.equals("json")) {
                try {
                    JsonNode body = JSON.readTree(r.body());
                    for (String field : List.of("image_url", "mask_url", "width", "height", "confidence", "box")) {
                        if (!body.has(field)) {
                            return new Check("cutout json without " + field + ": " + body);
                        }
                    }
                    return body.get("image_url").asText().contains("/files/results/") ? new Check(null)
                            : new Check("cutout json image_url not a stored file: " + body);
                } catch (IOException e) {
                    return new Check("cutout json unreadable: " + e);
                }
            }
            boolean png = r.body().length > 8 && r.body()[1] == 'P' && r.body()[2] == 'N' && r.body()[3] == 'G';
            return type.startsWith("image/png") && png ? new Check(null)
                    : new Check("cutout " + output + " answered " + type + ", " + r.body().length + " bytes");
        }

        static Check replace(HttpResponse<byte[]> r, boolean base64, int samples) {
            if (r.statusCode() != 200) {
                return fail("bg-replace", r);
            }
            if (r.headers().firstValue("x-seed").isEmpty()) {
                return new Check("bg-replace without x-seed");
            }
            if (!base64) {
                boolean jpeg = r.body().length > 2 && (r.body()[0] & 0xff) == 0xff && (r.body()[1] & 0xff) == 0xd8;
                return r.headers().firstValue("content-type").orElse("").startsWith("image/jpeg") && jpeg
                        ? new Check(null) : new Check("bg-replace base64:false answered no JPEG");
            }
            try {
                JsonNode body = JSON.readTree(r.body());
                if (body.get("images").size() != samples || body.get("seeds").size() != samples
                        || !body.has("prompt_reading") || !body.has("ignored_parameters")) {
                    return new Check("bg-replace JSON of another shape: " + body.fieldNames());
                }
                byte[] first = Base64.getDecoder().decode(body.get("image").asText());
                return (first[0] & 0xff) == 0xff && (first[1] & 0xff) == 0xd8 ? new Check(null)
                        : new Check("bg-replace image is no JPEG");
            } catch (IOException | IllegalArgumentException e) {
                return new Check("bg-replace JSON unreadable: " + e);
            }
        }

        static Check generate(HttpResponse<byte[]> r, int images) {
            if (r.statusCode() != 200) {
                return fail("generate-image", r);
            }
            try {
                JsonNode data = JSON.readTree(r.body()).get("data");
                if (data == null || data.size() != images) {
                    return new Check("generate-image without " + images + " items: " + new String(r.body(),
                            StandardCharsets.UTF_8));
                }
                for (JsonNode item : data) {
                    if (item.has("error") || item.get("generated_image_urls").size() != 1
                            || !item.get("generated_image_urls").get(0).asText().startsWith("http")) {
                        return new Check("generate-image item of another shape: " + item);
                    }
                }
                return new Check(null);
            } catch (IOException e) {
                return new Check("generate-image JSON unreadable: " + e);
            }
        }

        private static Check fail(String what, HttpResponse<byte[]> r) {
            return new Check(what + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    private Node start(String name, String role, int port, String database, String storage, String publicUrl)
            throws IOException {
        List<String> command = CommandProcess.command(List.of(role.equals("api") ? "-Xmx384m" : "-Xmx768m"),
                "serve", "--role", role, "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data", dir.resolve(name).toString(), "--db", database, "--storage", storage,
                "--public-url", publicUrl, "--threads", "1", "--workers", "1", "--queue", "64", "--job-lease", "10");
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(v -> v.startsWith("HF_")
                || v.startsWith("BACKDROP_") && !v.equals("BACKDROP_MODELS_DIR"));
        builder.environment().putAll(S3ProxyServer.environment());
        builder.environment().put("BACKDROP_ADMIN_TOKEN", ADMIN_TOKEN);
        Node node = new Node(name, builder.start(), port, log);
        nodes.add(node);
        return node;
    }

    private void awaitReady(Node node, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.process().isAlive()) {
                throw new AssertionError(node.name() + " exited with " + node.process().exitValue() + ":\n"
                        + node.output());
            }
            try {
                if (send(get(node, "/readyz")).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListening) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError(node.name() + " was not ready within " + within + ":\n" + node.output());
    }

    private static String workerName(Node worker) throws IOException {
        Matcher m = WORKER_NAME.matcher(worker.output());
        assertThat(m.find()).as(worker.output()).isTrue();
        return m.group(1);
    }

    private String createKey(Node api) throws Exception {
        HttpResponse<byte[]> created = send(post(api, "/admin/v1/keys", "{\"name\":\"load\",\"credits\":" + GRANT + "}")
                .header("Authorization", "Bearer " + ADMIN_TOKEN));
        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return JSON.readTree(created.body()).get("api_key").asText();
    }

    /** Watches the jobs table until {@code worker} is running a job; returns the job's id. */
    private static String awaitRunningJobOf(String database, String worker, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        try (Connection c = DriverManager.getConnection(database);
             var select = c.prepareStatement("SELECT public_id FROM jobs WHERE status = 'running' AND worker = ?")) {
            select.setString(1, worker);
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return rows.getString(1);
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError(worker + " ran no job within " + within);
    }

    private JsonNode awaitJob(Node api, String key, String id, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> r = send(authorized(get(api, "/v1/jobs/" + id), key));
            job = JSON.readTree(r.body());
            if (job.path("status").asText().equals("succeeded") || job.path("status").asText().equals("failed")) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " did not end within " + within + ": " + job);
    }

    private static String fileKey(String url) {
        return url.substring(url.indexOf("/files/") + "/files/".length());
    }

    private static HttpRequest.Builder post(Node node, String path, String json) {
        return HttpRequest.newBuilder(URI.create(node.base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofMinutes(3));
    }

    private static HttpRequest.Builder get(Node node, String path) {
        return HttpRequest.newBuilder(URI.create(node.base() + path)).GET().timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String key) {
        return request.header("Authorization", "Bearer " + key);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private CompletableFuture<HttpResponse<byte[]>> sendAsync(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
