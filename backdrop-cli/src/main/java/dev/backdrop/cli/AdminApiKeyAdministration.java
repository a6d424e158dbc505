package dev.backdrop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keys managed through a running server's {@code /admin/v1}, with the admin token. */
final class AdminApiKeyAdministration implements KeyAdministration {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The admin API's largest page of keys: few round trips even for many keys. */
    static final int KEYS_PER_PAGE = 500;

    private final URI server;
    private final String token;
    private final int keysPerPage;
    private final String whenUnreachable;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param whenUnreachable what the user can do when the server does not answer */
    AdminApiKeyAdministration(URI server, String token, String whenUnreachable) {
        this(server, token, KEYS_PER_PAGE, whenUnreachable);
    }

    AdminApiKeyAdministration(URI server, String token, int keysPerPage, String whenUnreachable) {
        this.server = server;
        this.token = token;
        this.keysPerPage = keysPerPage;
        this.whenUnreachable = whenUnreachable;
    }

    @Override
    public CreatedKey create(String name, long credits) {
        JsonNode key = call("/admin/v1/keys", Map.of("name", name, "credits", credits));
        return new CreatedKey(key.path("api_key").asText(), key.path("key").asText(), key.path("credits").asLong(),
                key.path("webhook_secret").asText());
    }

    /** Every key: the admin API answers a page at a time, so the pages are followed until {@code next_after} is null. */
    @Override
    public List<KeyRow> list() {
        List<KeyRow> rows = new ArrayList<>();
        String after = "";
        while (after != null) {
            JsonNode page = call("/admin/v1/keys?limit=" + keysPerPage + after, null);
            page.path("keys").forEach(k -> rows.add(new KeyRow(k.path("key").asText(),
                    k.path("name").asText(), k.path("credits").asLong(), k.path("disabled").asBoolean())));
            JsonNode next = page.path("next_after");
            after = next.isIntegralNumber() ? "&after=" + next.asLong() : null;
        }
        return rows;
    }

    @Override
    public long credit(String key, long amount) {
        return call("/admin/v1/keys/" + segment(key) + "/credits", Map.of("amount", amount)).path("credits").asLong();
    }

    @Override
    public String revoke(String key) {
        return call("/admin/v1/keys/" + segment(key) + "/disable", Map.of()).path("key").asText();
    }

    private static String segment(String key) {
        return URLEncoder.encode(key.strip(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A GET ({@code body} null) or a POST of {@code body} as JSON; an error answer becomes its message. */
    private JsonNode call(String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token);
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode answer;
            try {
                answer = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AdminApiException("the server at " + server + " answered " + response.statusCode()
                        + " with something other than JSON: it is not a Backdrop server's admin API",
                        "admin_api_error");
            }
            if (response.statusCode() / 100 != 2) {
                throw new AdminApiException("the server at " + server + " answered " + response.statusCode() + ": "
                        + answer.path("error").asText("(no message)"), answer.path("code").asText("admin_api_error"));
            }
            return answer;
        } catch (IOException e) {
            // A refused connection has no message of its own: its kind says what happened.
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new AdminApiException("cannot reach the server at " + server + " (" + why + "); " + whenUnreachable,
                    "admin_api_unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminApiException("interrupted while calling " + server, "admin_api_unreachable");
        }
    }

    @Override
    public void close() {
        // The HTTP client holds no connection between calls worth closing on JDK 17.
    }
}
