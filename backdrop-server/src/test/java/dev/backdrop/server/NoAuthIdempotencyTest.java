package dev.backdrop.server;

import static dev.backdrop.server.JobsTestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.testing.TestPhotos;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without authentication the synchronous endpoints keep Idempotency-Key as the jobs endpoint does. */
class NoAuthIdempotencyTest {

    @TempDir
    Path dataDir;

    @Test
    void aRepeatedKeyIsReplayedAndAKeyReusedForAnotherBodyIsRefused() throws Exception {
        JobsTestServer server = new JobsTestServer(dataDir, true);
        try {
            Map<String, Object> body = Map.of("image", Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png")));
            Map<String, String> headers = Map.of("Idempotency-Key", "no-auth-1");
            HttpResponse<byte[]> first = server.post("/v1/cutout", null, body, headers);
            HttpResponse<byte[]> again = server.post("/v1/cutout", null, body, headers);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(first.body());

            HttpResponse<byte[]> other = server.post("/v1/cutout", null, Map.of("image", body.get("image"),
                    "format", "webp"), headers);
            assertThat(other.statusCode()).isEqualTo(422);
            assertThat(json(other).get("code").asText()).isEqualTo("idempotency_key_reused");

            HttpResponse<byte[]> badKey = server.post("/v1/cutout", null, body, Map.of("Idempotency-Key", "k".repeat(256)));
            assertThat(badKey.statusCode()).isEqualTo(400);
            assertThat(json(badKey).get("code").asText()).isEqualTo("invalid_idempotency_key");
        } finally {
            server.server.close();
            server.database.close();
        }
    }
}
