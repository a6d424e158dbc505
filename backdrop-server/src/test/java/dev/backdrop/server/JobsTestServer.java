package dev.backdrop.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.db.Database;
import dev.backdrop.model.ModelId;
import dev.backdrop.testing.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A real Backdrop server on a free loopback port with a temporary data folder and a database
 * (in-memory H2 unless given) that the test opens too, to make keys with chosen credits. The real
 * ISNet model is loaded; loopback is allow-listed so tests can serve inputs and receive webhooks.
 */
final class JobsTestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final BackdropServer server;
    final Database database;
    final ApiKeys keys;

    JobsTestServer(Path dataDir) throws InterruptedException {
        this(dataDir, false);
    }

    JobsTestServer(Path dataDir, boolean noAuth) throws InterruptedException {
        this(dataDir, "jdbc:h2:mem:server-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                settings -> settings.withNoAuth(noAuth));
    }

    /** A server on the database at {@code url}, with {@code more} applied to the test settings. */
    JobsTestServer(Path dataDir, String url, UnaryOperator<ServerSettings> more) throws InterruptedException {
        TestModels.path(ModelId.ISNET_FP16);
        ServerSettings settings = more.apply(ServerSettings.defaults(dataDir).withPort(0).withFetchAllow("127.0.0.1")
                .withDatabase(url).withQueue(1, 8));
        server = BackdropServer.start(settings);
        server.awaitReady(120_000);
        database = Database.open(url);
        keys = new ApiKeys(database, new CreditLedger(database));
    }

    IssuedKey key(long credits) {
        return keys.create("test", credits);
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    HttpResponse<byte[]> send(String method, String path, String apiKey, byte[] body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(120));
        if (apiKey != null) {
            b.header("x-api-key", apiKey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> post(String path, String apiKey, Object body, Map<String, String> headers) throws Exception {
        return send("POST", path, apiKey, JSON.writeValueAsBytes(body), headers);
    }

    HttpResponse<byte[]> get(String path, String apiKey) throws Exception {
        return send("GET", path, apiKey, null, Map.of());
    }

    static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static long credits(HttpResponse<?> response) {
        return Long.parseLong(response.headers().firstValue("x-remaining-credits").orElseThrow());
    }

    byte[] download(String url) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + url + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Polls the job until it finished, recording each status seen. */
    JsonNode awaitJob(String id, String apiKey, java.util.Set<String> seen) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = json(get("/v1/jobs/" + id, apiKey));
            seen.add(job.get("status").asText());
            if (job.get("status").asText().equals("succeeded") || job.get("status").asText().equals("failed")) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not finish in time");
    }

    @Override
    public void close() {
        server.close();
        database.close();
    }
}
