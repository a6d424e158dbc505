package dev.backdrop.server;

import static dev.backdrop.server.RunningServer.json;
import static dev.backdrop.server.RunningServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.accounts.LedgerEntry;
import dev.backdrop.testing.TestPhotos;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error status of the contract, credits under concurrency, and the URL guard end to end. */
class ErrorsAndCreditsTest {

    @TempDir
    static Path data;

    private static RunningServer api;

    @BeforeAll
    static void start() {
        api = new RunningServer(data, 1, 16, 2L * 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static JsonNode expectError(HttpResponse<byte[]> r, int status, String code) {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(r);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("error").asText()).isNotBlank();
        return body;
    }

    @Test
    void keysAreRequiredAndChecked() {
        expectError(api.post("/v1/bg-replace", null, map("image", "x", "prompt", "y")), 401, "invalid_api_key");
        expectError(api.post("/v1/bg-replace", "bd_nottherightkeyatallxxxxxxxxxxxx", map("image", "x", "prompt", "y")),
                401, "invalid_api_key");
        IssuedKey revoked = api.server.keys().create("revoked", 10);
        api.server.keys().revoke(revoked.plainKey());
        expectError(api.get("/v1/account", revoked.plainKey()), 401, "invalid_api_key");
    }

    @Test
    void validationNamesTheFieldAndTheAllowedValues() {
        JsonNode samples = expectError(api.post("/v1/bg-replace", api.adminKey, map("image", "x", "prompt", "y",
                "samples", 9)), 400, "invalid_request");
        assertThat(samples.get("field").asText()).isEqualTo("samples");
        JsonNode scheduler = expectError(api.post("/v1/bg-replace", api.adminKey, map("image", "x", "prompt", "y",
                "scheduler", "Euler b")), 400, "invalid_request");
        assertThat(scheduler.get("error").asText()).contains("DPM2 Karras").contains("UniPC");
        expectError(api.post("/service/v1/generate-image", api.adminKey, map("image_urls", List.of(),
                "background", map("prompt", "x"))), 400, "invalid_request");
        expectError(api.post("/service/v1/generate-image", api.adminKey, map("image_urls", List.of("http://a.b/c.png"))),
                400, "invalid_request");
        expectError(api.post("/v1/bg-replace", api.adminKey, "{not json"), 400, "invalid_request");
    }

    @Test
    void notFoundMethodNotAllowedAndTooLarge() {
        expectError(api.get("/v1/nothing", api.adminKey), 404, "not_found");
        HttpResponse<byte[]> wrongMethod = api.get("/v1/bg-replace", api.adminKey);
        expectError(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow").orElse("")).contains("POST");
        String huge = "{\"image\":\"" + "A".repeat(3 * 1024 * 1024) + "\",\"prompt\":\"x\"}";
        expectError(api.post("/v1/bg-replace", api.adminKey, huge), 413, "request_too_large");
    }

    @Test
    void notEnoughCreditsIs406AndNothingIsDebited() {
        IssuedKey poor = api.server.keys().create("poor", 1);
        String b64 = Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png"));
        HttpResponse<byte[]> r = api.post("/v1/bg-replace", poor.plainKey(), map("image", b64, "prompt", "marble",
                "samples", 2));
        expectError(r, 406, "insufficient_credits");
        assertThat(json(api.get("/v1/account", poor.plainKey())).get("credits").asLong()).isEqualTo(1);
    }

    @Test
    void badImagesAre415And422AndAreRefunded() {
        IssuedKey key = api.server.keys().create("images", 10);
        String text = Base64.getEncoder().encodeToString("just some text, not a picture".getBytes());
        expectError(api.post("/v1/cutout", key.plainKey(), map("image", text)), 415, "unsupported_image");
        byte[] png = TestPhotos.bytes("coffee.png");
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(png, png.length / 3));
        expectError(api.post("/v1/cutout", key.plainKey(), map("image", truncated)), 422, "undecodable_image");
        expectError(api.post("/v1/cutout", key.plainKey(), map("image", "%%%")), 400, "invalid_request");
        assertThat(json(api.get("/v1/account", key.plainKey())).get("credits").asLong()).isEqualTo(10);
    }

    @Test
    void anImageBeyondTheMemoryBudgetIsRefusedFromItsHeaderAndRefunded() throws IOException {
        IssuedKey key = api.server.keys().create("bomb", 10);
        // 7000x7000 declared in a ~100-byte PNG: decoding it would fail (422); the header alone refuses it (413).
        String bomb = Base64.getEncoder().encodeToString(dev.backdrop.testing.HeaderBombs.png(7000, 7000));
        JsonNode cutout = expectError(api.post("/v1/cutout", key.plainKey(), map("image", bomb)), 413, "image_too_large");
        assertThat(cutout.get("error").asText()).contains("98.0 megapixels").contains("BACKDROP_MEMORY_BUDGET");
        expectError(api.post("/v1/bg-replace", key.plainKey(), map("image", bomb, "prompt", "marble")), 413,
                "image_too_large");
        assertThat(json(api.get("/v1/account", key.plainKey())).get("credits").asLong()).isEqualTo(10);
    }

    @Test
    void urlsToLoopbackAddressesOffTheAllowListAreRefusedAndNeverConnected() throws IOException {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            other.setSoTimeout(300);
            String target = "http://127.0.0.2:" + other.getLocalPort() + "/product.png";
            JsonNode error = expectError(api.post("/v1/cutout", api.adminKey, map("image", target)), 400,
                    "url_not_allowed");
            assertThat(error.get("error").asText()).contains("127.0.0.2");
            JsonNode item = json(api.post("/service/v1/generate-image", api.adminKey, map(
                    "image_urls", List.of("http://[::1]:" + other.getLocalPort() + "/x.png"),
                    "background", map("prompt", "transparent"))));
            assertThat(item.get("code").asText()).isEqualTo("url_not_allowed");
            assertThat(accepted(other)).as("no connection reached 127.0.0.2").isFalse();
        }
    }

    private static boolean accepted(ServerSocket socket) {
        try (var ignored = socket.accept()) {
            return true;
        } catch (IOException timeout) {
            return false;
        }
    }

    @Test
    void aHundredConcurrentRequestsAgainstTenCreditsChargeExactlyTen() throws Exception {
        IssuedKey key = api.server.keys().create("ten", 10);
        String b64 = Base64.getEncoder().encodeToString(TestPhotos.bytes("chelsea.png"));
        String body = RunningServer.JSON.writeValueAsString(map("image", b64));
        ExecutorService pool = Executors.newFixedThreadPool(100);
        List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(pool.submit(() -> api.send(HttpRequest.newBuilder(URI.create(api.url("/v1/cutout")))
                    .header("x-api-key", key.plainKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build())));
        }
        int ok = 0, noCredits = 0;
        for (Future<HttpResponse<byte[]>> call : calls) {
            int status = call.get().statusCode();
            ok += status == 200 ? 1 : 0;
            noCredits += status == 406 ? 1 : 0;
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(10);
        assertThat(noCredits).isEqualTo(90);
        long accountId = api.server.keys().find(key.plainKey()).accountId();
        List<LedgerEntry> ledger = api.server.ledger().entries(accountId);
        assertThat(ledger.stream().mapToLong(LedgerEntry::delta).sum()).isZero();
        assertThat(json(api.get("/v1/account", key.plainKey())).get("credits").asLong()).isZero();
    }
}
