package dev.backdrop.server;

import static dev.backdrop.server.RunningServer.json;
import static dev.backdrop.server.RunningServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.testing.TestPhotos;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full queue answers 429 with Retry-After and refunds; accepted work still completes. */
class OverloadTest {

    @TempDir
    Path data;

    @Test
    void aFullQueueAnswers429AndRefunds() throws Exception {
        try (RunningServer api = new RunningServer(data, 1, 1, 8L * 1024 * 1024)) {
            IssuedKey key = api.server.keys().create("burst", 100);
            String body = RunningServer.JSON.writeValueAsString(
                    map("image", Base64.getEncoder().encodeToString(TestPhotos.bytes("chelsea.png"))));
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> api.send(HttpRequest.newBuilder(URI.create(api.url("/v1/cutout")))
                        .header("x-api-key", key.plainKey()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build())));
            }
            int ok = 0, busy = 0;
            for (Future<HttpResponse<byte[]>> call : calls) {
                HttpResponse<byte[]> r = call.get();
                if (r.statusCode() == 429) {
                    busy++;
                    assertThat(Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
                    assertThat(json(r).get("code").asText()).isEqualTo("overloaded");
                } else {
                    assertThat(r.statusCode()).isEqualTo(200);
                    ok++;
                }
            }
            pool.shutdown();
            assertThat(busy).as("one worker and one queue slot cannot take six at once").isPositive();
            assertThat(ok).isPositive();
            assertThat(json(api.get("/v1/account", key.plainKey())).get("credits").asLong()).isEqualTo(100 - ok);
        }
    }
}
