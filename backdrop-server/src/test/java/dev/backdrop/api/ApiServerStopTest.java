package dev.backdrop.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping the server lets an answer that is still being written reach its client whole. */
class ApiServerStopTest {

    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 8;

    @Test
    void anAnswerStillBeingWrittenWhenTheServerStopsArrivesWhole() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        ApiServer server = ApiServer.start(ApiServer.listen("127.0.0.1", 0), 1000, new ObjectMapper(), config ->
                config.routes.get("/slow", ctx -> {
                    // The body is written after every handler has returned, as an image result is.
                    ctx.result(new SlowBody());
                    handled.countDown();
                }));
        CompletableFuture<HttpResponse<byte[]>> answer = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/slow")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(handled.await(30, TimeUnit.SECONDS)).isTrue();

        server.close();

        assertThat(answer).as("answered before the server stopped").isDone();
        HttpResponse<byte[]> response = answer.get();
        assertThat(response.statusCode()).isEqualTo(200);
        byte[] body = response.body();
        assertThat(body).hasSize(CHUNK * CHUNKS);
        for (int i = 0; i < body.length; i += CHUNK) {
            assertThat(body[i]).as("chunk %d", i / CHUNK).isEqualTo((byte) (i / CHUNK));
        }
    }

    /** {@code CHUNKS} chunks, each filled with its index, 100 ms apart. */
    private static final class SlowBody extends InputStream {
        private int position;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == CHUNK * CHUNKS) {
                return -1;
            }
            if (position % CHUNK == 0) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int n = Math.min(length, CHUNK - position % CHUNK);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) (position / CHUNK));
            position += n;
            return n;
        }
    }
}
