package dev.backdrop.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The playground's files over real HTTP: what is served, with which headers, and that nothing points elsewhere. */
class PlaygroundRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.start(ApiServer.listen("127.0.0.1", 0), 1000, new ObjectMapper(), new PlaygroundRoutes());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thePageIsServedAtTheRootWithAPolicyThatKeepsItOnThisServer() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<form id=\"run-form\"");
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(policy).contains("script-src 'self'", "style-src 'self'", "connect-src 'self'", "default-src 'none'");
    }

    @Test
    void everyFileThePageNamesIsServedFromHereWithItsType() throws Exception {
        String page = get("/").body();
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"#]+)\"").matcher(page);
        int found = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            assertThat(ref).as("a file the page loads").startsWith("/playground/");
            HttpResponse<String> file = get(ref);
            assertThat(file.statusCode()).as(ref).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type").orElse("")).as(ref)
                    .matches(ref.endsWith(".js") ? "text/javascript.*" : ref.endsWith(".css") ? "text/css.*" : "image/svg\\+xml.*");
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(4);
    }

    @Test
    void noFileRefersToAnotherHost() throws Exception {
        for (String path : List.of("/", "/playground/playground.js", "/playground/playground.css", "/playground/zip.js")) {
            String body = get(path).body();
            // The only absolute URLs are placeholders shown to the user, never loaded.
            String stripped = body.replace("https://example.com/product.jpg", "").replace("http://www.w3.org/2000/svg", "");
            assertThat(stripped).as(path).doesNotContainPattern("(?i)(src|href|url\\()\\s*=?\\s*[\"']?(https?:)?//");
            assertThat(stripped).as(path).doesNotContainPattern("(?i)@import|fonts\\.googleapis|cdn\\.");
        }
    }

    @Test
    void unknownFilesAreNotFoundAndPathsCannotWander() throws Exception {
        assertThat(get("/playground/nope.js").statusCode()).isEqualTo(404);
        assertThat(get("/playground/..%2Fdev%2Fbackdrop%2Fdb%2Fmigration%2FV1__accounts_keys_ledger_jobs.sql").statusCode())
                .isEqualTo(404);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
