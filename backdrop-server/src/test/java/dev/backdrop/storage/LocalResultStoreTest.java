package dev.backdrop.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalResultStoreTest extends ResultStoreContract {

    @TempDir
    Path root;

    @Override
    protected ResultStore openStore() {
        return new LocalResultStore(root.resolve("files"));
    }

    @Test
    void objectsArePlainFilesAtTheirKeyWithNothingLeftBehind() throws IOException {
        byte[] content = bytes(1_000, 30);
        store.put("results/2025/11/22/x-0.png", content, "image/png");
        store.put("results/2025/11/22/x-0.png", content, "image/png");
        store.put("results/2025/11/22/x-1.webp", content, "image/webp");

        assertThat(Files.readAllBytes(root.resolve("files/results/2025/11/22/x-0.png"))).isEqualTo(content);
        assertThat(filesUnder(root.resolve("files")))
                .containsExactlyInAnyOrder("results/2025/11/22/x-0.png", "results/2025/11/22/x-1.webp");
    }

    @Test
    void aTypeTheExtensionDoesNotImplyIsKeptBesideTheFileUntilOverwritten() throws IOException {
        store.put("t/a.png", bytes(10, 31), "image/jpeg");
        assertThat(filesUnder(root.resolve("files"))).containsExactlyInAnyOrder("t/a.png", "t/.a.png.content-type");

        store.put("t/a.png", bytes(10, 31), "image/png");
        assertThat(filesUnder(root.resolve("files"))).containsExactly("t/a.png");
        assertThat(store.get("t/a.png").orElseThrow().contentType()).isEqualTo("image/png");
    }

    @Test
    void filesPlacedByHandAreServedWithTheTypeOfTheirExtension() throws IOException {
        Path folder = Files.createDirectories(root.resolve("files/manual"));
        Files.write(folder.resolve("photo.JPG"), utf8("jpeg"));
        Files.write(folder.resolve("blob"), utf8("blob"));

        assertThat(store.get("manual/photo.JPG").orElseThrow().contentType()).isEqualTo("image/jpeg");
        assertThat(store.get("manual/blob").orElseThrow().contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void etagIsTheMd5OfTheContentLikeS3() {
        // md5("hello") — S3's ETag for the same single-part upload
        assertThat(store.put("h/hello.txt", utf8("hello"), "text/plain").etag())
                .isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(store.put("h/other.txt", utf8("hello"), "text/plain").etag())
                .isEqualTo("5d41402abc4b2a76b9719d911017c592");
    }

    @Test
    void aKeyRunningThroughAFileIsNotStored() {
        store.put("f/a.png", bytes(10, 32), "image/png");
        assertThat(store.get("f/a.png/b.png")).isEmpty();
    }

    @Test
    void aFolderThatCannotBeCreatedFailsTheCheckNamingIt() throws IOException {
        Path blocker = Files.write(root.resolve("not-a-folder"), utf8("x"));
        LocalResultStore blocked = new LocalResultStore(blocker.resolve("files"));

        assertThatThrownBy(blocked::check)
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining(blocker.resolve("files").toString())
                .hasMessageContaining("--storage dir:");
        assertThatThrownBy(() -> blocked.put("a.png", bytes(1, 33), "image/png"))
                .isInstanceOf(StorageUnavailableException.class)
                .satisfies(e -> assertThat(((StorageUnavailableException) e).code()).isEqualTo("storage_unavailable"));
    }

    @Test
    void contentTypesThatCouldBreakAHeaderAreRefused() {
        assertThatThrownBy(() -> store.put("x/a.png", bytes(1, 34), "image/png\r\nSet-Cookie: a=b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get("x/a.png")).isEmpty();
    }

    private static List<String> filesUnder(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
