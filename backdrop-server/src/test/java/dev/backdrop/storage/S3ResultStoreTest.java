package dev.backdrop.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The store against S3Proxy, a real S3-compatible server on loopback; each test has its own prefix. */
class S3ResultStoreTest extends ResultStoreContract {

    private static final String BUCKET = "backdrop-results";
    private static S3ProxyServer server;

    private String prefix;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.shared();
        server.createBucket(BUCKET);
    }

    @Override
    protected ResultStore openStore() {
        prefix = "test-" + UUID.randomUUID();
        return new S3ResultStore(server.settings(BUCKET, prefix));
    }

    @Test
    void objectsLiveUnderThePrefixInTheBucket() {
        store.put("results/x-0.png", bytes(100, 40), "image/png");

        try (S3Client client = S3ResultStore.clientFor(server.settings(BUCKET, ""))) {
            assertThat(client.listObjectsV2(request -> request.bucket(BUCKET).prefix(prefix + "/")).contents())
                    .extracting(S3Object::key)
                    .containsExactly(prefix + "/results/x-0.png");
        }
        try (ResultStore other = new S3ResultStore(server.settings(BUCKET, prefix + "-other"))) {
            assertThat(other.get("results/x-0.png")).isEmpty();
        }
    }

    @Test
    void aStoreOpenedFromASpecWorks() {
        String spec = "s3://" + BUCKET + "/" + prefix + "/nested?endpoint=" + server.endpoint() + "&region=eu-west-3";
        try (ResultStore opened = StorageSettings.parse(spec, S3ProxyServer.environment()).open()) {
            opened.check();
            opened.put("a.png", bytes(10, 41), "image/png");
            assertThat(opened.get("a.png").orElseThrow().bytes()).isEqualTo(bytes(10, 41));
            assertThat(opened.describe()).contains("s3://" + BUCKET + "/" + prefix + "/nested")
                    .doesNotContain(S3ProxyServer.SECRET_KEY);
        }
        assertThat(store.get("nested/a.png")).isPresent();
    }

    @Test
    void wrongCredentialsAreReportedAsUnavailableStorage() {
        try (ResultStore wrong = new S3ResultStore(server.settings(BUCKET, prefix, "not-the-secret"))) {
            assertThatThrownBy(wrong::check)
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
            assertThatThrownBy(() -> wrong.put("a.png", bytes(10, 42), "image/png"))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("'a.png'");
            assertThatThrownBy(() -> wrong.get("a.png")).isInstanceOf(StorageUnavailableException.class);
        }
    }

    @Test
    void aMissingBucketIsNamedRatherThanTakenForAMissingKey() {
        try (ResultStore missing = new S3ResultStore(server.settings("no-such-bucket", ""))) {
            assertThatThrownBy(missing::check)
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("no-such-bucket does not exist");
            assertThatThrownBy(() -> missing.get("a.png"))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void anUnreachableEndpointFailsPromptly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var settings = new StorageSettings.Bucket(BUCKET, "", Optional.of(URI.create("http://127.0.0.1:" + closedPort)),
                "us-east-1", true, new StorageSettings.S3Credentials("a", "b", Optional.empty()));
        long start = System.nanoTime();
        try (ResultStore unreachable = new S3ResultStore(settings)) {
            assertThatThrownBy(() -> unreachable.get("a.png"))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort);
            assertThatThrownBy(unreachable::check)
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("cannot be reached");
        }
        assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(30);
    }

    @Test
    void credentialsNeverAppearInSettingsText() {
        var settings = StorageSettings.parse("s3://" + BUCKET + "?endpoint=" + server.endpoint(),
                Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "top-secret", "AWS_SESSION_TOKEN", "tok"));
        assertThat(settings.toString()).doesNotContain("top-secret").doesNotContain("tok").contains("***");
    }
}
