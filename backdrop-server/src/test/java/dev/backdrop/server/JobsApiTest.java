package dev.backdrop.server;

import static dev.backdrop.server.JobsTestServer.credits;
import static dev.backdrop.server.JobsTestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.image.DecodedImage;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.testing.TestPhotos;
import dev.backdrop.webhook.WebhookSignature;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs API, webhooks and Idempotency-Key over real HTTP against a real server and model. */
class JobsApiTest {

    @TempDir
    static Path dataDir;
    static JobsTestServer server;
    static HttpServer receiver;
    static final BlockingQueue<Delivery> DELIVERIES = new LinkedBlockingQueue<>();
    static final String PHOTO = "data:image/png;base64," + Base64.getEncoder().encodeToString(TestPhotos.bytes("chelsea.png"));

    record Delivery(byte[] body, String signature) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = new JobsTestServer(dataDir);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            DELIVERIES.add(new Delivery(body, exchange.getRequestHeaders().getFirst("x-backdrop-signature")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        server.close();
    }

    @Test
    void aJobRunsToSuccessWithDownloadableResultsAndASignedWebhook() throws Exception {
        IssuedKey key = server.key(10);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", PHOTO);
        body.put("prompt", "white marble table, soft window light");
        body.put("seed", 42);
        body.put("layers", true);
        body.put("placement", "center");
        body.put("fill", 0.5);
        body.put("shadow", "hard");
        body.put("shadow_strength", 0.8);
        body.put("webhook_url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        HttpResponse<byte[]> accepted = server.post("/v1/jobs", key.plainKey(), body, Map.of());

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(credits(accepted)).isEqualTo(9);
        JsonNode a = json(accepted);
        String id = a.get("id").asText();
        assertThat(id).startsWith("job_");
        assertThat(a.get("status").asText()).isIn("queued", "running");
        assertThat(a.get("status_url").asText()).isEqualTo(server.base() + "/v1/jobs/" + id);

        Set<String> seen = new HashSet<>();
        JsonNode job = server.awaitJob(id, key.plainKey(), seen);
        assertThat(seen).containsAnyOf("queued", "running");
        assertThat(job.get("status").asText()).isEqualTo("succeeded");
        assertThat(job.get("kind").asText()).isEqualTo("replace");
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(job.get("error").isNull()).isTrue();
        JsonNode result = job.get("results").get(0);
        assertThat(result.get("seed").asLong()).isEqualTo(42);
        assertThat(result.get("prompt_reading").asText()).isNotBlank();
        JsonNode reading = result.get("reading");
        assertThat(reading.get("summary").asText()).isEqualTo(result.get("prompt_reading").asText());
        assertThat(reading.get("words_drawn").toString()).contains("\"marble\"", "\"window light\"");
        assertThat(reading.get("camera").get("angle").asText()).isIn("eye_level", "high_angle", "top_down");
        assertThat(reading.get("shadow").get("style").asText()).isEqualTo("hard");
        assertThat(reading.get("shadow").get("strength").asDouble()).isEqualTo(0.8);
        assertThat(reading.get("framing").get("placement").asText()).isEqualTo("center");
        assertThat(reading.get("framing").get("fill").asDouble()).isEqualTo(0.5);
        assertThat(result.get("upscaled").asBoolean()).isFalse();
        assertThat(result.get("fidelity").get("ssim").asDouble()).isGreaterThan(0.9);
        DecodedImage image = new ImageDecoder().decode(server.download(result.get("url").asText()));
        assertThat(image.width()).isEqualTo(451);
        assertThat(image.height()).isEqualTo(300);
        for (String layer : new String[] {"cutout", "shadow", "background", "mask"}) {
            assertThat(new ImageDecoder().decode(server.download(result.get("layers").get(layer).asText())).width())
                    .isEqualTo(451);
        }
        assertThat(credits(server.get("/v1/account", key.plainKey()))).isEqualTo(9);

        Delivery delivery = DELIVERIES.poll(30, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        assertThat(JobsTestServer.JSON.readTree(delivery.body())).isEqualTo(job);
        assertThat(WebhookSignature.verify(key.key().webhookSecret(), delivery.signature(), delivery.body())).isTrue();
        assertThat(WebhookSignature.verify("another secret", delivery.signature(), delivery.body())).isFalse();
        long t = Long.parseLong(delivery.signature().replaceAll("^t=(\\d+),v1=[0-9a-f]{64}$", "$1"));
        assertThat(t).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));
    }

    @Test
    void theMarketplaceAspectIsASquareOfWhiteWithTheProductFillingEightyFivePercent() throws Exception {
        IssuedKey key = server.key(5);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png")));
        body.put("prompt", "dark wood table, moody light");
        body.put("aspect", "marketplace");
        body.put("format", "png");
        body.put("layers", true);
        body.put("seed", 3);
        HttpResponse<byte[]> accepted = server.post("/v1/jobs", key.plainKey(), body, Map.of());
        assertThat(accepted.statusCode()).isEqualTo(202);

        JsonNode job = server.awaitJob(json(accepted).get("id").asText(), key.plainKey(), new HashSet<>());
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("succeeded");
        JsonNode result = job.get("results").get(0);
        DecodedImage image = new ImageDecoder().decode(server.download(result.get("url").asText()));
        int side = image.width();
        assertThat(image.height()).as("square").isEqualTo(side);
        // At least 1600 px, as marketplaces zoom main images: the 600x400 photo's cup had to grow over 2x.
        assertThat(side).isEqualTo(1600);
        assertThat(result.get("upscaled").asBoolean()).isTrue();
        assertThat(result.get("reading").get("framing").get("scale").asDouble()).isGreaterThan(2.0);
        assertThat(result.get("reading").get("framing").get("white_background").asBoolean()).isTrue();

        // The product, as the mask layer has it, spans 85% of the side along its larger dimension.
        DecodedImage mask = new ImageDecoder().decode(server.download(result.get("layers").get("mask").asText()));
        int[] m = mask.pixels().pixels();
        int minX = side, minY = side, maxX = -1, maxY = -1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if ((m[y * side + x] & 0xFF) >= 128) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        int span = Math.max(maxX - minX + 1, maxY - minY + 1);
        assertThat((double) span / side).as("product span").isCloseTo(0.85, org.assertj.core.data.Offset.offset(0.03));
        assertThat((minX + maxX + 1) / 2.0).as("centred").isCloseTo(side / 2.0, org.assertj.core.data.Offset.offset(4.0));

        // Corners and a margin of a twentieth of the side all round are white, whatever the prompt said.
        int[] px = image.pixels().pixels();
        int margin = side / 20;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (x < margin || y < margin || x >= side - margin || y >= side - margin) {
                    int p = px[y * side + x];
                    int darkest = Math.min(Math.min((p >> 16) & 0xFF, (p >> 8) & 0xFF), p & 0xFF);
                    assertThat(darkest).as("pixel %d,%d", x, y).isGreaterThanOrEqualTo(250);
                }
            }
        }
        assertThat(px[0] & 0xFFFFFF).as("corner pure white").isEqualTo(0xFFFFFF);
        assertThat(px[side * side - 1] & 0xFFFFFF).as("corner pure white").isEqualTo(0xFFFFFF);
        assertThat(result.get("prompt_reading").asText()).containsIgnoringCase("white");
    }

    @Test
    void aFailedJobIsRefundedAndReportsTheTypedError() throws Exception {
        IssuedKey key = server.key(5);
        byte[] png = TestPhotos.bytes("chelsea.png");
        byte[] truncated = Arrays.copyOf(png, 200);
        Map<String, Object> body = Map.of("image", Base64.getEncoder().encodeToString(truncated), "prompt", "beach",
                "samples", 2);
        HttpResponse<byte[]> accepted = server.post("/v1/jobs", key.plainKey(), body, Map.of());
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(credits(accepted)).isEqualTo(3);

        JsonNode job = server.awaitJob(json(accepted).get("id").asText(), key.plainKey(), new HashSet<>());
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(job.get("error").get("code").asText()).isEqualTo("undecodable_image");
        assertThat(job.get("error").get("error").asText()).isNotBlank();
        assertThat(job.get("results")).isEmpty();
        assertThat(credits(server.get("/v1/account", key.plainKey()))).isEqualTo(5);
    }

    @Test
    void aFramedCanvasCountsTwoAndAHalfTimesItsPixelsAgainstTheMemoryBudget() throws Exception {
        IssuedKey key = server.key(5);
        // chelsea.png is 0.15 MP; 3400x3400 framed counts 28.9 more, past the default budget of 28.
        HttpResponse<byte[]> accepted = server.post("/v1/jobs", key.plainKey(), Map.of("image", PHOTO,
                "prompt", "beach", "size", "3400x3400"), Map.of());
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode job = server.awaitJob(json(accepted).get("id").asText(), key.plainKey(), new HashSet<>());
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(job.get("error").get("code").asText()).isEqualTo("image_too_large");
        assertThat(job.get("error").get("error").asText()).contains("29.0 megapixels").contains("BACKDROP_MEMORY_BUDGET");
        assertThat(credits(server.get("/v1/account", key.plainKey()))).isEqualTo(5);
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstJobWithoutASecondCharge() throws Exception {
        IssuedKey key = server.key(10);
        // a job that fails fast keeps the model out of this test
        Map<String, Object> body = Map.of("image", Base64.getEncoder().encodeToString(
                Arrays.copyOf(TestPhotos.bytes("coffee.png"), 100)), "kind", "cutout");
        Map<String, String> headers = Map.of("Idempotency-Key", "order-77");
        HttpResponse<byte[]> first = server.post("/v1/jobs", key.plainKey(), body, headers);
        HttpResponse<byte[]> again = server.post("/v1/jobs", key.plainKey(), body, headers);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).get("id")).isEqualTo(json(first).get("id"));
        assertThat(credits(first)).isEqualTo(9);
        assertThat(credits(again)).isIn(9L, 10L); // 10 once the first job failed and was refunded

        HttpResponse<byte[]> other = server.post("/v1/jobs", key.plainKey(),
                Map.of("image", body.get("image"), "kind", "cutout", "format", "webp"), headers);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(json(other).get("code").asText()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void jobsAreCheckedWhenSubmitted() throws Exception {
        IssuedKey key = server.key(3);
        HttpResponse<byte[]> noPrompt = server.post("/v1/jobs", key.plainKey(), Map.of("image", PHOTO), Map.of());
        assertThat(noPrompt.statusCode()).isEqualTo(400);
        assertThat(json(noPrompt).get("field").asText()).isEqualTo("prompt");

        HttpResponse<byte[]> badAspect = server.post("/v1/jobs", key.plainKey(),
                Map.of("image", PHOTO, "kind", "cutout", "aspect", "3:7"), Map.of());
        assertThat(badAspect.statusCode()).isEqualTo(400);
        assertThat(json(badAspect).get("field").asText()).isEqualTo("aspect");

        HttpResponse<byte[]> badShadow = server.post("/v1/jobs", key.plainKey(),
                Map.of("image", PHOTO, "prompt", "beach", "shadow", "medium"), Map.of());
        assertThat(badShadow.statusCode()).isEqualTo(400);
        assertThat(json(badShadow).get("field").asText()).isEqualTo("shadow");

        HttpResponse<byte[]> fillWithoutCenter = server.post("/v1/jobs", key.plainKey(),
                Map.of("image", PHOTO, "prompt", "beach", "fill", 0.5), Map.of());
        assertThat(fillWithoutCenter.statusCode()).isEqualTo(400);
        assertThat(json(fillWithoutCenter).get("field").asText()).isEqualTo("fill");

        HttpResponse<byte[]> strongShadow = server.post("/v1/jobs", key.plainKey(),
                Map.of("image", PHOTO, "prompt", "beach", "shadow_strength", 1.5), Map.of());
        assertThat(strongShadow.statusCode()).isEqualTo(400);
        assertThat(json(strongShadow).get("field").asText()).isEqualTo("shadow_strength");

        HttpResponse<byte[]> privateHook = server.post("/v1/jobs", key.plainKey(),
                Map.of("image", PHOTO, "kind", "cutout", "webhook_url", "http://10.1.2.3/hook"), Map.of());
        assertThat(privateHook.statusCode()).isEqualTo(400);
        assertThat(json(privateHook).get("code").asText()).isEqualTo("url_not_allowed");
        assertThat(json(privateHook).get("field").asText()).isEqualTo("webhook_url");

        HttpResponse<byte[]> longHook = server.post("/v1/jobs", key.plainKey(), Map.of("image", PHOTO, "kind", "cutout",
                "webhook_url", "https://example.com/" + "a".repeat(3000)), Map.of());
        assertThat(longHook.statusCode()).isEqualTo(400);
        assertThat(json(longHook).get("field").asText()).isEqualTo("webhook_url");
        assertThat(json(longHook).get("error").asText()).contains("at most 2048 characters").doesNotContain("SQL");

        HttpResponse<byte[]> notAnImage = server.post("/v1/jobs", key.plainKey(),
                Map.of("image", Base64.getEncoder().encodeToString("hello".getBytes()), "kind", "cutout"), Map.of());
        assertThat(notAnImage.statusCode()).isEqualTo(415);

        HttpResponse<byte[]> tooDear = server.post("/v1/jobs", key.plainKey(),
                Map.of("image", PHOTO, "prompt", "beach", "samples", 4), Map.of());
        assertThat(tooDear.statusCode()).isEqualTo(406);
        assertThat(json(tooDear).get("code").asText()).isEqualTo("insufficient_credits");
        assertThat(credits(server.get("/v1/account", key.plainKey()))).isEqualTo(3);
    }

    @Test
    void onlyTheOwnerSeesAJob() throws Exception {
        IssuedKey owner = server.key(2);
        IssuedKey stranger = server.key(2);
        HttpResponse<byte[]> accepted = server.post("/v1/jobs", owner.plainKey(), Map.of("image",
                Base64.getEncoder().encodeToString(Arrays.copyOf(TestPhotos.bytes("coffee.png"), 100)), "kind", "cutout"),
                Map.of());
        String id = json(accepted).get("id").asText();
        assertThat(server.get("/v1/jobs/" + id, owner.plainKey()).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> hidden = server.get("/v1/jobs/" + id, stranger.plainKey());
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(json(hidden).get("code").asText()).isEqualTo("job_not_found");
        assertThat(server.get("/v1/jobs/" + id, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theSynchronousEndpointsReplayARepeatedIdempotencyKey() throws Exception {
        IssuedKey key = server.key(10);
        Map<String, Object> body = Map.of("image", PHOTO);
        Map<String, String> headers = Map.of("Idempotency-Key", "cutout-1");
        HttpResponse<byte[]> first = server.post("/v1/cutout", key.plainKey(), body, headers);
        HttpResponse<byte[]> again = server.post("/v1/cutout", key.plainKey(), body, headers);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(new ImageDecoder().decode(again.body()).hasAlpha()).isTrue();
        assertThat(credits(first)).isEqualTo(9);
        assertThat(credits(again)).isEqualTo(9);

        HttpResponse<byte[]> other = server.post("/v1/cutout", key.plainKey(), Map.of("image", PHOTO, "format", "webp"),
                headers);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(json(other).get("code").asText()).isEqualTo("idempotency_key_reused");

        // a failed request is forgotten: the same key may be used again
        Map<String, Object> broken = Map.of("image", Base64.getEncoder().encodeToString("not an image".getBytes()));
        Map<String, String> retryHeaders = Map.of("Idempotency-Key", "cutout-2");
        assertThat(server.post("/v1/cutout", key.plainKey(), broken, retryHeaders).statusCode()).isEqualTo(415);
        assertThat(server.post("/v1/cutout", key.plainKey(), broken, retryHeaders).statusCode()).isEqualTo(415);
        assertThat(credits(server.get("/v1/account", key.plainKey()))).isEqualTo(9);
    }

}
