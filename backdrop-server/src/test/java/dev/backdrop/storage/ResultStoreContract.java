package dev.backdrop.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link ResultStore} must do; each store's test class supplies a fresh, empty store. */
abstract class ResultStoreContract {

    protected ResultStore store;

    protected abstract ResultStore openStore();

    @BeforeEach
    final void openFreshStore() {
        store = openStore();
    }

    @AfterEach
    final void closeStore() {
        store.close();
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void storedBytesComeBackWithTheirMetadata() {
        byte[] content = bytes(70_000, 1);
        Instant before = Instant.now().minusSeconds(5);

        StoredObject put = store.put("results/2025/11/22/abc-0.png", content, "image/png");
        StoredObject got = store.get("results/2025/11/22/abc-0.png").orElseThrow();

        assertThat(got.bytes()).isEqualTo(content);
        assertThat(got.key()).isEqualTo("results/2025/11/22/abc-0.png");
        assertThat(got.contentType()).isEqualTo("image/png");
        assertThat(got.size()).isEqualTo(70_000);
        assertThat(got.etag()).isNotBlank().doesNotContain("\"").isEqualTo(put.etag());
        assertThat(got.lastModified()).isBetween(before, Instant.now().plusSeconds(5));
        assertThat(put.lastModified()).isBetween(before, Instant.now().plusSeconds(5));
    }

    @Test
    void keepsTheContentTypeItWasGiven() {
        store.put("a/photo.webp", bytes(10, 2), "image/webp");
        store.put("a/report", bytes(10, 3), "application/json; Charset=utf-8");
        store.put("a/looks-like.png", bytes(10, 4), "image/jpeg");

        assertThat(store.get("a/photo.webp").orElseThrow().contentType()).isEqualTo("image/webp");
        assertThat(store.get("a/report").orElseThrow().contentType()).isEqualTo("application/json;charset=utf-8");
        assertThat(store.get("a/looks-like.png").orElseThrow().contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void etagIsStableForTheSameContentAndChangesWithIt() {
        String first = store.put("e/one.png", bytes(5_000, 5), "image/png").etag();

        assertThat(store.get("e/one.png").orElseThrow().etag()).isEqualTo(first);
        assertThat(store.get("e/one.png").orElseThrow().etag()).isEqualTo(first);
        assertThat(store.put("e/one.png", bytes(5_000, 5), "image/png").etag()).isEqualTo(first);
        assertThat(store.put("e/one.png", bytes(5_000, 6), "image/png").etag()).isNotEqualTo(first);
        assertThat(store.get("e/one.png").orElseThrow().etag()).isNotEqualTo(first);
    }

    @Test
    void missingKeysAreEmpty() {
        store.put("m/dir/file.png", bytes(10, 7), "image/png");

        assertThat(store.get("m/dir/other.png")).isEmpty();
        assertThat(store.get("never/stored.png")).isEmpty();
        // a folder-like prefix of a stored key is not an object
        assertThat(store.get("m/dir")).isEmpty();
        assertThat(store.get("m")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../outside.png", "a/../../b.png", "a/./b.png", "a//b.png", "a/",
            ".hidden", "a/.b.png", "a\\b.png", "c:/x.png", "a b.png", "caf\u00e9.png", "a\nb.png", "a/%2e%2e/b",
            "a?b", "a*b"})
    void badKeysAreRefused(String key) {
        assertThatThrownBy(() -> store.put(key, bytes(10, 8), "image/png"))
                .isInstanceOf(InvalidObjectKeyException.class)
                .satisfies(e -> assertThat(((InvalidObjectKeyException) e).code()).isEqualTo("invalid_file_key"));
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(InvalidObjectKeyException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(InvalidObjectKeyException.class);
    }

    @Test
    void overlongKeysAreRefused() {
        String key = "a/" + "b".repeat(ObjectKey.MAX_LENGTH);
        assertThatThrownBy(() -> store.put(key, bytes(1, 9), "image/png"))
                .isInstanceOf(InvalidObjectKeyException.class)
                .hasMessageContaining("at most");
    }

    @Test
    void aPutReplacesContentAndType() {
        store.put("o/file.png", bytes(3_000, 10), "image/png");
        store.put("o/file.png", bytes(1_000, 11), "image/webp");

        StoredObject got = store.get("o/file.png").orElseThrow();
        assertThat(got.bytes()).isEqualTo(bytes(1_000, 11));
        assertThat(got.contentType()).isEqualTo("image/webp");
    }

    @Test
    void deleteRemovesAndMayBeRepeated() {
        store.put("d/file.png", bytes(100, 12), "image/png");
        store.put("d/kept.png", bytes(100, 13), "image/png");

        store.delete("d/file.png");
        store.delete("d/file.png");
        store.delete("d/never-there.png");

        assertThat(store.get("d/file.png")).isEmpty();
        assertThat(store.get("d/kept.png")).isPresent();
    }

    @Test
    void emptyAndLargeContentRoundTrip() {
        byte[] large = bytes(6 * 1024 * 1024, 14);
        store.put("s/empty.json", new byte[0], "application/json");
        store.put("s/large.png", large, "image/png");

        assertThat(store.get("s/empty.json").orElseThrow().bytes()).isEmpty();
        assertThat(store.get("s/large.png").orElseThrow().bytes()).isEqualTo(large);
    }

    @Test
    void concurrentPutsToDistinctKeysAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        store.put("c/" + thread + "/" + i + ".png", bytes(2_000, thread * 100L + i), "image/png");
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int thread = 0; thread < 8; thread++) {
            for (int i = 0; i < 10; i++) {
                assertThat(store.get("c/" + thread + "/" + i + ".png").orElseThrow().bytes())
                        .isEqualTo(bytes(2_000, thread * 100L + i));
            }
        }
    }

    @Test
    void readersNeverSeeAPartialWriteOfTheSameKey() throws Exception {
        List<byte[]> versions = List.of(bytes(300_000, 20), bytes(300_000, 21), bytes(300_000, 22),
                bytes(300_000, 23));
        store.put("r/same.png", versions.get(0), "image/png");
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                byte[] mine = versions.get(w);
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 8; i++) {
                        store.put("r/same.png", mine, "image/png");
                    }
                    return 0;
                }));
            }
            Callable<Integer> reader = () -> {
                int reads = 0;
                while (writing.get() || reads < 3) {
                    byte[] seen = store.get("r/same.png").orElseThrow().bytes();
                    assertThat(versions.stream().anyMatch(v -> Arrays.equals(v, seen)))
                            .as("read %d bytes that match no written version", seen.length).isTrue();
                    reads++;
                }
                return reads;
            };
            Future<Integer> first = pool.submit(reader);
            Future<Integer> second = pool.submit(reader);
            for (Future<Integer> writer : writers) {
                writer.get(3, TimeUnit.MINUTES);
            }
            writing.set(false);
            assertThat(first.get(1, TimeUnit.MINUTES) + second.get(1, TimeUnit.MINUTES)).isGreaterThan(0);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        byte[] last = store.get("r/same.png").orElseThrow().bytes();
        assertThat(versions).anyMatch(v -> Arrays.equals(v, last));
    }

    @Test
    void aHealthyStorePassesItsCheck() {
        store.check();
        assertThat(store.describe()).isNotBlank();
    }

    @Test
    void expiringTakesOnlyTheOldObjectsOfOneFolder() {
        store.put("inputs/2026/01/01/a-0.png", bytes(10, 1), "image/png");
        store.put("inputs/2026/01/02/b-0.png", bytes(10, 2), "image/png");
        store.put("results/2026/01/01/a-0.png", bytes(10, 3), "image/png");
        assertThat(store.deleteOlderThan("results", java.time.Instant.now().minusSeconds(3600))).isZero();
        assertThat(store.deleteOlderThan("inputs", java.time.Instant.now().plusSeconds(5))).isEqualTo(2);
        assertThat(store.get("inputs/2026/01/01/a-0.png")).isEmpty();
        assertThat(store.get("inputs/2026/01/02/b-0.png")).isEmpty();
        assertThat(store.get("results/2026/01/01/a-0.png")).isPresent();
    }

    @Test
    void withAShortRetentionTheStoreIsEmptyAfterExpiry() {
        store.put("inputs/2026/01/01/a-0.png", bytes(10, 1), "image/png");
        store.put("results/2026/01/01/a-0.png", bytes(10, 2), "image/png");
        store.put("results/2026/01/01/a-1.webp", bytes(10, 3), "image/webp");
        java.time.Duration minute = java.time.Duration.ofMinutes(1);
        assertThat(new Retention(store, minute, minute, java.time.Clock.systemUTC()).sweep()).isZero();
        // A minute and two seconds on: S3 keeps write times to the second, so an object may look
        // up to a second older than it is.
        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), minute.plusSeconds(2));
        assertThat(new Retention(store, minute, minute, later).sweep()).isEqualTo(3);
        assertThat(store.get("inputs/2026/01/01/a-0.png")).isEmpty();
        assertThat(store.get("results/2026/01/01/a-0.png")).isEmpty();
        assertThat(store.get("results/2026/01/01/a-1.webp")).isEmpty();
    }
}
