package dev.backdrop.api;

import dev.backdrop.request.InvalidRequestException;
import dev.backdrop.service.NotReadyException;
import dev.backdrop.service.OverloadedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.image.CorruptImageException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Error rendering and status mapping over real HTTP. */
class ApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Readiness READINESS = new Readiness();
    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.start(ApiServer.listen("127.0.0.1", 0), 1000, JSON, new HealthRoutes(READINESS), config -> {
            config.routes.post("/invalid", ctx -> {
                throw new InvalidRequestException("samples", "samples must be between 1 and 4, got 9");
            });
            config.routes.get("/corrupt", ctx -> {
                throw new CorruptImageException("the image is truncated");
            });
            config.routes.get("/busy", ctx -> {
                throw new OverloadedException(7);
            });
            config.routes.get("/broke", ctx -> {
                ctx.header(Billing.REMAINING, "99"); // read before another request spent the credits
                throw new dev.backdrop.accounts.InsufficientCreditsException(3, 4);
            });
            config.routes.get("/storage-down", ctx -> {
                throw new dev.backdrop.storage.StorageUnavailableException("the bucket did not answer");
            });
            config.routes.get("/bug", ctx -> {
                throw new IllegalStateException("secret internal detail");
            });
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void validationErrorsNameTheField() throws Exception {
        HttpResponse<String> r = send("POST", "/invalid", "{}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("code").asText()).isEqualTo("invalid_request");
        assertThat(body.get("field").asText()).isEqualTo("samples");
        assertThat(body.get("error").asText()).contains("between 1 and 4");
    }

    @Test
    void typedErrorsMapToTheirStatus() throws Exception {
        assertThat(send("GET", "/corrupt", null).statusCode()).isEqualTo(422);
        HttpResponse<String> busy = send("GET", "/busy", null);
        assertThat(busy.statusCode()).isEqualTo(429);
        assertThat(busy.headers().firstValue("Retry-After")).contains("7");
    }

    @Test
    void unexpectedFailuresHideDetailsAndGiveARequestId() throws Exception {
        HttpResponse<String> r = send("GET", "/bug", null);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("secret").doesNotContain("Exception").doesNotContain("at dev.");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("request_id") == null ? body.get("requestId").asText() : body.get("request_id").asText())
                .isEqualTo(r.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void theLogNamesTheRequestIdThatTheClientWasGiven() throws Exception {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        HttpResponse<String> typed;
        HttpResponse<String> unexpected;
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            typed = send("GET", "/storage-down", null);
            unexpected = send("GET", "/bug", null);
        } finally {
            System.setErr(err);
        }
        assertThat(typed.statusCode()).isEqualTo(503);
        String lines = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        for (HttpResponse<String> r : java.util.List.of(typed, unexpected)) {
            String id = r.headers().firstValue("x-request-id").orElseThrow();
            assertThat(lines).contains("request " + id + " failed");
        }
        assertThat(lines).doesNotContain("request null");
    }

    @Test
    void notEnoughCreditsAnswers406WithTheBalanceTheChargeSaw() throws Exception {
        HttpResponse<String> r = send("GET", "/broke", null);
        assertThat(r.statusCode()).isEqualTo(406);
        assertThat(r.headers().firstValue(Billing.REMAINING)).contains("3");
        assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("insufficient_credits");
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() throws Exception {
        HttpResponse<String> missing = send("GET", "/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("not_found");
        HttpResponse<String> wrongMethod = send("GET", "/invalid", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow").orElse("")).contains("POST");
        assertThat(JSON.readTree(wrongMethod.body()).get("code").asText()).isEqualTo("method_not_allowed");
        // A client that asks for JSON gets the API's error shape too, not the framework's own body.
        for (String accept : new String[] {"application/json", "text/html", "*/*"}) {
            HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/v1/nope")).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(404);
            JsonNode error = JSON.readTree(json.body());
            assertThat(error.get("code").asText()).as(accept).isEqualTo("not_found");
            assertThat(error.get("error").asText()).as(accept).isEqualTo("nothing at GET /v1/nope");
        }
    }

    @Test
    void headAnswersWithTheStatusAndHeadersOfGetAndNoBody() throws Exception {
        for (int round = 0; round < 2; round++) { // the same connection again: no body was left on it
            HttpResponse<String> missing = send("HEAD", "/nope", null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEmpty();
            HttpResponse<String> busy = send("HEAD", "/busy", null);
            assertThat(busy.statusCode()).isEqualTo(429);
            assertThat(busy.headers().firstValue("Retry-After")).contains("7");
            assertThat(busy.body()).isEmpty();
            HttpResponse<String> health = send("HEAD", "/healthz", null);
            HttpResponse<String> get = send("GET", "/healthz", null);
            assertThat(health.statusCode()).isEqualTo(get.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(health.body()).isEmpty();
        }
        // On the wire: the headers of GET's answer, and not a byte after them.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("HEAD /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(raw).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: application/json");
            assertThat(raw.substring(raw.indexOf("\r\n\r\n") + 4)).isEmpty();
        }
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        HttpResponse<String> r = send("POST", "/invalid", "x".repeat(5000));
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void readinessFollowsTheModels() throws Exception {
        READINESS.waiting("models are loading");
        assertThat(send("GET", "/readyz", null).statusCode()).isEqualTo(503);
        READINESS.ready("procedural scenes");
        var ready = send("GET", "/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"generator\":\"procedural scenes\"");
        assertThat(send("GET", "/healthz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aPortInUseIsRefusedWithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> ApiServer.listen("127.0.0.1", port))
                    .isInstanceOf(ListenerUnavailableException.class)
                    .hasMessage("port " + port + " on 127.0.0.1 is already in use: stop the process using it, or choose"
                            + " another port with --port");
        }
    }

    @Test
    void theServerListensOnThePortBoundBeforeIt() throws Exception {
        ServerSocketChannel listener = ApiServer.listen("127.0.0.1", 0);
        int port = listener.socket().getLocalPort();
        ApiServer bound = ApiServer.start(listener, 1000, JSON, new HealthRoutes(READINESS));
        try {
            assertThat(bound.port()).isEqualTo(port);
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            bound.close();
        }
        assertThat(listener.isOpen()).as("closed with the server").isFalse();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
