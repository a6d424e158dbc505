package dev.backdrop.server;

import static dev.backdrop.server.RunningServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.testing.TestPhotos;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the server lets the image being processed finish and its answer reach the client. */
class GracefulShutdownTest {

    @TempDir
    Path data;

    @Test
    void runningWorkFinishesBeforeTheServerStops() throws Exception {
        RunningServer api = new RunningServer(data, 1, 4, 8L * 1024 * 1024);
        String b64 = Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png"));
        CompletableFuture<HttpResponse<byte[]>> inFlight = CompletableFuture.supplyAsync(
                () -> api.post("/v1/cutout", api.adminKey, map("image", b64)));
        long deadline = System.currentTimeMillis() + 10_000;
        while (api.server.queueDepth() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(api.server.queueDepth()).as("the request reached the work queue").isPositive();
        api.close();
        HttpResponse<byte[]> response = inFlight.get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(response.body().length).isGreaterThan(10_000);
    }
}
