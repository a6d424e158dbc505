package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.server.BackdropServer;
import dev.backdrop.server.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backdrop keys} against a real embedded database in a data folder, and through the admin
 * API of a server running on that folder (whose database the command then cannot open).
 */
class KeysCommandTest {

    @TempDir
    Path data;

    @Test
    void aDataFolderThatDoesNotExistIsNotMadeIntoAnEmptyDatabase() {
        Path typo = data.resolve("dta");
        CommandRun listed = CommandRun.of("keys", "--data", typo.toString(), "list");
        assertThat(listed.exit()).isEqualTo(2);
        assertThat(listed.err()).contains("no data folder at " + typo);
        assertThat(typo).doesNotExist();
    }

    @Test
    void aServerThatDoesNotAnswerIsSaidPlainlyWithWhatToDo() throws Exception {
        java.nio.file.Files.writeString(data.resolve("admin-token"), "token");
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        CommandRun refused = CommandRun.of("keys", "--data", data.toString(), "--server",
                "http://127.0.0.1:" + closed, "list");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot reach the server").contains("ConnectException")
                .contains("check the address given with --server").doesNotContain("(null)")
                .doesNotContain("run the command again");
        CommandRun ftp = CommandRun.of("keys", "--data", data.toString(), "--server", "ftp://example.com", "list");
        assertThat(ftp.exit()).isEqualTo(2);
        assertThat(ftp.err()).contains("is not a server's address").doesNotContain("Exception");
    }

    @Test
    void createListCreditAndRevoke() {
        CommandRun created = CommandRun.of("keys", "--data", data.toString(), "create", "--credits", "25",
                "--name", "shop-a");
        assertThat(created.exit()).as(created.err()).isZero();
        String key = created.out().strip();
        assertThat(key).startsWith("bd_").hasSize(35);
        assertThat(created.err()).contains("webhook signing secret: whsec_");

        CommandRun listed = CommandRun.of("keys", "--data", data.toString(), "list");
        assertThat(listed.out()).contains("shop-a").contains("25 credits").doesNotContain(key);

        CommandRun credited = CommandRun.of("keys", "--data", data.toString(), "credit", key, "10");
        assertThat(credited.exit()).as(credited.err()).isZero();
        assertThat(credited.out()).contains("balance: 35");

        CommandRun revoked = CommandRun.of("keys", "--data", data.toString(), "revoke", key);
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(CommandRun.of("keys", "--data", data.toString(), "list").out()).contains("(revoked)");

        CommandRun unknown = CommandRun.of("keys", "--data", data.toString(), "credit", "bd_nosuchkey", "1");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("error:");
    }

    @Test
    void whileAServerRunsOnTheFolderTheCommandsGoThroughItsAdminApi() throws Exception {
        BackdropServer server = BackdropServer.start(ServerSettings.defaults(data).withPort(0));
        String key;
        try {
            CommandRun created = CommandRun.of("keys", "--data", data.toString(), "create", "--credits", "25",
                    "--name", "shop-b");
            assertThat(created.exit()).as(created.err()).isZero();
            key = created.out().strip();
            assertThat(account(server, key).statusCode()).isEqualTo(200);
            assertThat(account(server, key).body()).contains("\"credits\":25");

            CommandRun credited = CommandRun.of("keys", "--data", data.toString(), "credit", key, "10");
            assertThat(credited.exit()).as(credited.err()).isZero();
            assertThat(credited.out()).contains("balance: 35");
            assertThat(CommandRun.of("keys", "--data", data.toString(), "list").out()).contains("shop-b").contains("35 credits");

            // The admin API answers the key list a page at a time; the listing follows every page.
            for (int i = 0; i < 3; i++) {
                assertThat(CommandRun.of("keys", "--data", data.toString(), "create", "--credits", "1", "--name",
                        "paged-" + i).exit()).isZero();
            }
            try (AdminApiKeyAdministration twoAtATime = new AdminApiKeyAdministration(
                    URI.create("http://127.0.0.1:" + server.port()), server.accessTokens().admin(), 2, "")) {
                assertThat(twoAtATime.list()).extracting(KeyAdministration.KeyRow::name)
                        .containsExactly("admin", "shop-b", "paged-0", "paged-1", "paged-2");
            }

            CommandRun revoked = CommandRun.of("keys", "--data", data.toString(), "revoke", key);
            assertThat(revoked.exit()).as(revoked.err()).isZero();
            assertThat(account(server, key).statusCode()).isEqualTo(401);

            // Elsewhere, without the token: told how to give it.
            CommandRun noToken = CommandRun.of("keys", "--data", data.resolve("elsewhere").toString(), "--server",
                    "http://127.0.0.1:" + server.port(), "list");
            assertThat(noToken.exit()).isEqualTo(1);
            assertThat(noToken.err()).contains("needs its admin token").contains("BACKDROP_ADMIN_TOKEN");
        } finally {
            server.close();
        }
        // Stopped: the same commands open the database again.
        CommandRun offline = CommandRun.of("keys", "--data", data.toString(), "list");
        assertThat(offline.exit()).as(offline.err()).isZero();
        assertThat(offline.out()).contains("shop-b").contains("(revoked)");
    }

    private static HttpResponse<String> account(BackdropServer server, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/account")).header("x-api-key", key).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
