package dev.backdrop.server;

import static dev.backdrop.server.RunningServer.json;
import static dev.backdrop.server.RunningServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backdrop.accounts.AccessTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over real HTTP: its token, keys made, credited, paged through and disabled while the server runs. */
class AdminApiTest {

    @TempDir
    static Path data;
    static RunningServer server;

    @BeforeAll
    static void start() {
        server = new RunningServer(data, 1, 4, 5L * 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theTokenIsMadeOnFirstStartIntoTheDataFolderForItsOwnerOnly() throws Exception {
        Path file = data.resolve(AccessTokens.FILE_NAME);
        assertThat(Files.readString(file).strip()).isEqualTo(server.server.accessTokens().admin()).startsWith("bda_");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(server.server.accessTokens().source()).isEqualTo(file.toString());
        assertThat(ServerAddressFile.running(data)).hasValue(URI.create(server.url("")));
    }

    @Test
    void withoutTheTokenNothingAnswersButA401() {
        for (String path : List.of("/admin/v1/keys", "/admin/v1/keys/1/ledger", "/admin/v1/anything")) {
            HttpResponse<byte[]> r = server.get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(json(r).path("code").asText()).isEqualTo("invalid_access_token");
        }
        // An API key is no admin token.
        HttpResponse<byte[]> withKey = server.send(HttpRequest.newBuilder(URI.create(server.url("/admin/v1/keys")))
                .header("Authorization", "Bearer " + server.adminKey).GET().build());
        assertThat(withKey.statusCode()).isEqualTo(401);
    }

    @Test
    void aKeyIsCreatedCreditedPagedAndDisabledWhileTheServerRuns() throws Exception {
        OpenApiContract contract = new OpenApiContract();
        HttpResponse<byte[]> created = server.admin("/admin/v1/keys", map("name", "shop 42", "credits", 10));
        assertThat(created.statusCode()).isEqualTo(201);
        contract.check("POST", "/admin/v1/keys", created);
        contract.check("GET", "/admin/v1/keys", server.admin("/admin/v1/keys", null));
        JsonNode key = json(created);
        String plain = key.path("api_key").asText();
        String id = key.path("id").asText();
        assertThat(plain).startsWith("bd_");
        assertThat(key.path("credits").asLong()).isEqualTo(10);
        assertThat(server.get("/v1/account", plain).statusCode()).isEqualTo(200);

        List<String> listed = new ArrayList<>();
        json(server.admin("/admin/v1/keys?limit=500", null)).path("keys").forEach(k -> listed.add(k.path("name").asText()));
        assertThat(listed).contains("shop 42");

        for (int i = 0; i < 4; i++) {
            HttpResponse<byte[]> credited = server.admin("/admin/v1/keys/" + id + "/credits", map("amount", 5));
            assertThat(credited.statusCode()).isEqualTo(200);
            contract.check("POST", "/admin/v1/keys/{key}/credits", credited);
            assertThat(json(credited).path("credits").asLong()).isEqualTo(15 + 5L * i);
        }
        assertThat(json(server.admin("/admin/v1/keys/" + id + "/credits", null)).path("credits").asLong()).isEqualTo(30);
        assertThat(json(server.get("/v1/account", plain)).path("credits").asLong()).isEqualTo(30);

        // Five entries (the grant and four credits), newest first, two at a time.
        List<Long> deltas = new ArrayList<>();
        String next = "";
        int pages = 0;
        do {
            HttpResponse<byte[]> answer = server.admin("/admin/v1/keys/" + id + "/ledger?limit=2" + next, null);
            contract.check("GET", "/admin/v1/keys/{key}/ledger", answer);
            JsonNode page = json(answer);
            page.path("entries").forEach(e -> deltas.add(e.path("delta").asLong()));
            next = page.path("next_before").isNull() ? null : "&before=" + page.path("next_before").asLong();
            pages++;
        } while (next != null && pages < 10);
        assertThat(deltas).containsExactly(5L, 5L, 5L, 5L, 10L);
        assertThat(pages).isEqualTo(3);

        HttpResponse<byte[]> disabled = server.admin("/admin/v1/keys/" + id + "/disable", "");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(json(disabled).path("disabled").asBoolean()).isTrue();
        contract.check("POST", "/admin/v1/keys/{key}/disable", disabled);
        contract.check("GET", "/admin/v1/keys", server.get("/admin/v1/keys", null));
        assertThat(server.get("/v1/account", plain).statusCode()).isEqualTo(401);
    }

    @Test
    void theKeyListComesAPageAtATimeAndThePagesHoldEveryKeyOnce() throws Exception {
        OpenApiContract contract = new OpenApiContract();
        // More keys than the default page of 50 (other tests here add keys too, so counts are read back).
        for (int i = 0; i < 52; i++) {
            assertThat(server.admin("/admin/v1/keys", map("name", "paged " + i, "credits", i)).statusCode()).isEqualTo(201);
        }
        HttpResponse<byte[]> all = server.admin("/admin/v1/keys?limit=500", null);
        contract.check("GET", "/admin/v1/keys", all);
        assertThat(json(all).path("next_after").isNull()).isTrue();
        List<Long> everyId = ids(json(all));
        assertThat(everyId).hasSizeGreaterThan(52).isSorted().doesNotHaveDuplicates();

        HttpResponse<byte[]> first = server.admin("/admin/v1/keys", null);
        contract.check("GET", "/admin/v1/keys", first);
        assertThat(ids(json(first))).as("the default page").isEqualTo(everyId.subList(0, 50));
        assertThat(json(first).path("next_after").asLong()).isEqualTo(everyId.get(49));

        // Seven at a time: each page starts after the last one's final key, and only the last says there is no more.
        List<Long> paged = new ArrayList<>();
        String after = "";
        int pages = 0;
        while (after != null && pages < 100) {
            HttpResponse<byte[]> answer = server.admin("/admin/v1/keys?limit=7" + after, null);
            contract.check("GET", "/admin/v1/keys", answer);
            JsonNode page = json(answer);
            List<Long> ids = ids(page);
            assertThat(ids).isNotEmpty().hasSizeLessThanOrEqualTo(7);
            paged.addAll(ids);
            after = page.path("next_after").isNull() ? null : "&after=" + page.path("next_after").asLong();
            pages++;
        }
        assertThat(paged).isEqualTo(everyId);
        assertThat(pages).isEqualTo((everyId.size() + 6) / 7);
        assertThat(ids(json(server.admin("/admin/v1/keys?after=" + everyId.get(everyId.size() - 1), null)))).isEmpty();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.path("keys").forEach(k -> ids.add(k.path("id").asLong()));
        return ids;
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        OpenApiContract contract = new OpenApiContract();
        for (String query : List.of("limit=0", "limit=501", "limit=ten", "after=-1", "after=k_12")) {
            HttpResponse<byte[]> refused = server.admin("/admin/v1/keys?" + query, null);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(json(refused).path("field").asText()).as(query).isEqualTo(query.split("=")[0]);
            contract.check("GET", "/admin/v1/keys", refused);
        }
        HttpResponse<byte[]> noCredits = server.admin("/admin/v1/keys", map("name", "x"));
        assertThat(noCredits.statusCode()).isEqualTo(400);
        assertThat(json(noCredits).path("field").asText()).isEqualTo("credits");
        HttpResponse<byte[]> longName = server.admin("/admin/v1/keys", map("name", "n".repeat(201), "credits", 1));
        assertThat(longName.statusCode()).isEqualTo(400);
        assertThat(json(longName).path("field").asText()).isEqualTo("name");
        assertThat(json(longName).path("error").asText()).contains("at most 200 characters");
        assertThat(server.admin("/admin/v1/keys", map("name", "n".repeat(200), "credits", 1)).statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> negative = server.admin("/admin/v1/keys/1/credits", map("amount", -3));
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(json(negative).path("field").asText()).isEqualTo("amount");
        HttpResponse<byte[]> badLimit = server.admin("/admin/v1/keys/1/ledger?limit=0", null);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(json(badLimit).path("field").asText()).isEqualTo("limit");
        HttpResponse<byte[]> unknown = server.admin("/admin/v1/keys/bd_nothing/credits", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("code").asText()).isEqualTo("api_key_not_found");
    }
}
