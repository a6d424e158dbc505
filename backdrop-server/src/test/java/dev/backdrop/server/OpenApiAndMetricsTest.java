package dev.backdrop.server;

import static dev.backdrop.server.JobsTestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.testing.TestPhotos;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real responses of every endpoint, successes and errors, checked against /openapi.yaml; then the
 * metrics those requests left behind. The metrics test runs last, after the requests it counts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiAndMetricsTest {

    @TempDir
    static Path dataDir;
    static JobsTestServer server;
    static HttpServer images;
    static OpenApiContract contract;
    static final byte[] PNG = TestPhotos.bytes("chelsea.png");
    static final String PHOTO = Base64.getEncoder().encodeToString(PNG);

    @BeforeAll
    static void start() throws Exception {
        server = new JobsTestServer(dataDir);
        contract = new OpenApiContract();
        images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        images.createContext("/chelsea.png", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, PNG.length);
            exchange.getResponseBody().write(PNG);
            exchange.close();
        });
        images.start();
    }

    @AfterAll
    static void stop() {
        images.stop(0);
        server.close();
    }

    @Test
    @Order(1)
    void everyEndpointAnswersAsDescribed() throws Exception {
        IssuedKey key = server.key(100);
        String k = key.plainKey();
        Map<String, String> none = Map.of();

        HttpResponse<byte[]> accepted = server.post("/v1/jobs", k, Map.of("image", PHOTO, "kind", "cutout"), none);
        contract.check("POST", "/v1/jobs", accepted);
        server.awaitJob(json(accepted).get("id").asText(), k, new HashSet<>());
        HttpResponse<byte[]> job = server.get("/v1/jobs/" + json(accepted).get("id").asText(), k);
        assertThat(json(job).get("status").asText()).isEqualTo("succeeded");
        contract.check("GET", "/v1/jobs/{id}", job);

        HttpResponse<byte[]> failing = server.post("/v1/jobs", k, Map.of("image",
                Base64.getEncoder().encodeToString(Arrays.copyOf(PNG, 64)), "prompt", "studio"), none);
        server.awaitJob(json(failing).get("id").asText(), k, new HashSet<>());
        HttpResponse<byte[]> failed = server.get("/v1/jobs/" + json(failing).get("id").asText(), k);
        assertThat(json(failed).get("status").asText()).isEqualTo("failed");
        contract.check("GET", "/v1/jobs/{id}", failed);

        HttpResponse<byte[]> replaced = server.post("/v1/bg-replace", k,
                Map.of("image", PHOTO, "prompt", "wooden table, morning light", "seed", 7), none);
        assertThat(replaced.statusCode()).isEqualTo(200);
        contract.check("POST", "/v1/bg-replace", replaced);

        HttpResponse<byte[]> generated = server.post("/service/v1/generate-image", k, Map.of(
                "image_urls", List.of("http://127.0.0.1:" + images.getAddress().getPort() + "/chelsea.png"),
                "background", Map.of("prompt", "concrete wall")), none);
        assertThat(generated.statusCode()).isEqualTo(200);
        contract.check("POST", "/service/v1/generate-image", generated);

        HttpResponse<byte[]> cutout = server.post("/v1/cutout", k, Map.of("image", PHOTO, "output", "json"), none);
        assertThat(cutout.statusCode()).isEqualTo(200);
        contract.check("POST", "/v1/cutout", cutout);

        contract.check("GET", "/v1/account", server.get("/v1/account", k));
        HttpResponse<byte[]> auth = server.get("/v1/auth", null);
        assertThat(json(auth).path("auth").asText()).isEqualTo("required");
        contract.check("GET", "/v1/auth", auth);
        contract.check("GET", "/healthz", server.get("/healthz", null));
        contract.check("GET", "/readyz", server.get("/readyz", null));
        contract.check("GET", "/files/{key}", server.send("GET", "/files/" + json(cutout).get("image_url").asText()
                .replaceFirst(".*/files/", ""), null, null, none));

        // errors
        HttpResponse<byte[]> unauthorized = server.get("/v1/account", null);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        contract.check("GET", "/v1/account", unauthorized);
        HttpResponse<byte[]> missing = server.get("/v1/jobs/job_nothing", k);
        assertThat(missing.statusCode()).isEqualTo(404);
        contract.check("GET", "/v1/jobs/{id}", missing);
        HttpResponse<byte[]> invalid = server.post("/v1/bg-replace", k, Map.of("image", PHOTO, "samples", 9,
                "prompt", "x"), none);
        assertThat(invalid.statusCode()).isEqualTo(400);
        contract.check("POST", "/v1/bg-replace", invalid);
        HttpResponse<byte[]> wrongMethod = server.get("/v1/bg-replace", k);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        contract.check("POST", "/v1/bg-replace", wrongMethod);
        HttpResponse<byte[]> poor = server.post("/v1/bg-replace", server.key(0).plainKey(),
                Map.of("image", PHOTO, "prompt", "x"), none);
        assertThat(poor.statusCode()).isEqualTo(406);
        contract.check("POST", "/v1/bg-replace", poor);
        HttpResponse<byte[]> notImage = server.post("/v1/cutout", k,
                Map.of("image", Base64.getEncoder().encodeToString("plain text".getBytes(StandardCharsets.UTF_8))), none);
        assertThat(notImage.statusCode()).isEqualTo(415);
        contract.check("POST", "/v1/cutout", notImage);
        HttpResponse<byte[]> undecodable = server.post("/v1/cutout", k,
                Map.of("image", Base64.getEncoder().encodeToString(Arrays.copyOf(PNG, 64))), none);
        assertThat(undecodable.statusCode()).isEqualTo(422);
        contract.check("POST", "/v1/cutout", undecodable);
        HttpResponse<byte[]> reused = server.post("/v1/jobs", k, Map.of("image", PHOTO, "kind", "cutout", "format",
                "webp"), Map.of("Idempotency-Key", "k1"));
        HttpResponse<byte[]> conflict = server.post("/v1/jobs", k, Map.of("image", PHOTO, "kind", "cutout"),
                Map.of("Idempotency-Key", "k1"));
        assertThat(reused.statusCode()).isEqualTo(202);
        assertThat(conflict.statusCode()).isEqualTo(422);
        contract.check("POST", "/v1/jobs", conflict);
        server.awaitJob(json(reused).get("id").asText(), k, new HashSet<>());
    }

    @Test
    @Order(2)
    void theDescriptionCoversEveryRouteAndTheDocsPageNeedsNothingFromOutside() throws Exception {
        HttpResponse<byte[]> yaml = server.get("/openapi.yaml", null);
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(contract.spec.get("openapi").asText()).startsWith("3.1");
        List<String> paths = List.of("/v1/bg-replace", "/service/v1/generate-image", "/v1/cutout", "/v1/jobs",
                "/v1/jobs/{id}", "/v1/account", "/v1/auth", "/files/{key}", "/healthz", "/readyz", "/metrics", "/openapi.yaml", "/docs",
                "/admin/v1/keys", "/admin/v1/keys/{key}/disable", "/admin/v1/keys/{key}/credits", "/admin/v1/keys/{key}/ledger");
        assertThat(contract.spec.get("paths").fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(paths);
        assertThat(new String(yaml.body(), StandardCharsets.UTF_8)).contains("x-ignored-parameters");

        // the checker itself notices a body that breaks the description
        assertThat(contract.errors("Job", "{\"id\": \"job_1\", \"status\": \"done\"}")).isNotEmpty();
        assertThat(contract.errors("Error", "{\"error\": \"x\", \"code\": \"Bad Code\"}")).isNotEmpty();
        assertThat(contract.errors("Error", "{\"error\": \"x\", \"code\": \"bad_code\"}")).isEmpty();

        HttpResponse<byte[]> page = server.get("/docs", null);
        assertThat(page.statusCode()).isEqualTo(200);
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("/openapi.yaml").contains("validatorUrl: null").doesNotContain("http://")
                .doesNotContain("https://");
        for (String asset : List.of("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css")) {
            HttpResponse<byte[]> r = server.get(asset, null);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.body().length).as(asset).isGreaterThan(10_000);
        }
        assertThat(server.get("/docs/assets/index.html", null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void metricsCountRequestsStagesCreditsAndJobs() throws Exception {
        HttpResponse<byte[]> anonymous = server.get("/metrics", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).path("code").asText()).isEqualTo("invalid_access_token");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<byte[]> wrong = server.send("GET", "/metrics", null, null, Map.of("Authorization", "Bearer not-it"));
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<byte[]> r = server.send("GET", "/metrics", null, null,
                Map.of("Authorization", "Bearer " + server.server.accessTokens().admin()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(text)
                .containsPattern("backdrop_http_requests_seconds_count\\{[^}]*route=\"/v1/jobs/\\{id}\"[^}]*status=\"200\"[^}]*} [1-9]")
                .containsPattern("backdrop_http_requests_seconds_count\\{[^}]*route=\"/v1/bg-replace\"[^}]*status=\"406\"")
                .containsPattern("backdrop_http_requests_seconds_bucket\\{method=\"POST\",route=\"/v1/cutout\",status=\"200\",le=\"")
                .doesNotContain("job_nothing")
                .containsPattern("backdrop_pipeline_stage_seconds_count\\{stage=\"segment\"} [1-9]")
                .containsPattern("backdrop_pipeline_stage_seconds_count\\{stage=\"background\"} [1-9]")
                .containsPattern("backdrop_pipeline_stage_seconds_count\\{stage=\"compose\"} [1-9]")
                .containsPattern("backdrop_work_queue_depth(\\{[^}]*})? 0")
                .containsPattern("backdrop_credits_charged_total(\\{[^}]*})? [1-9]")
                .containsPattern("backdrop_credits_refunded_total(\\{[^}]*})? [1-9]")
                .containsPattern("backdrop_jobs\\{status=\"succeeded\"} [1-9]")
                .containsPattern("backdrop_jobs\\{status=\"failed\"} [1-9]")
                .containsPattern("backdrop_jobs\\{status=\"queued\"} 0");
    }
}
