package dev.backdrop.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileResponderTest {

    @TempDir
    Path root;

    private FileResponder responder;
    private StoredObject stored;

    @BeforeEach
    void storeOneFile() {
        LocalResultStore store = new LocalResultStore(root);
        stored = store.put("results/r-0.png", new byte[] {1, 2, 3}, "image/png");
        responder = new FileResponder(store);
    }

    @Test
    void aStoredFileIsServedWithCachingHeaders() {
        FileResponse response = responder.respond("results/r-0.png", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).containsExactly(1, 2, 3);
        assertThat(response.headers())
                .containsEntry("Content-Type", "image/png")
                .containsEntry("ETag", "\"" + stored.etag() + "\"")
                .containsEntry("Cache-Control", "public, max-age=31536000, immutable")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsKey("Last-Modified");
        assertThat(response.headers().get("Last-Modified")).endsWith(" GMT");
    }

    @Test
    void datesAreWrittenAsHttpWantsThemWithATwoDigitDay() {
        assertThat(FileResponder.httpDate(java.time.Instant.parse("2026-12-07T09:05:03Z")))
                .isEqualTo("Mon, 07 Dec 2026 09:05:03 GMT");
    }

    @Test
    void aMatchingIfNoneMatchGets304WithValidatorsAndNoBody() {
        String etag = "\"" + stored.etag() + "\"";
        for (String header : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*", " \"x,y\" ," + etag}) {
            FileResponse response = responder.respond("results/r-0.png", header);
            assertThat(response.status()).as(header).isEqualTo(304);
            assertThat(response.notModified()).isTrue();
            assertThat(response.body()).isEmpty();
            assertThat(response.headers()).containsEntry("ETag", etag)
                    .containsEntry("Cache-Control", FileResponder.CACHE_CONTROL)
                    .doesNotContainKey("Content-Type");
        }
    }

    @Test
    void aStaleOrMalformedIfNoneMatchGetsTheFile() {
        for (String header : new String[] {"\"stale\"", "W/\"stale\", \"older\"", "\"" + stored.etag(), "  "}) {
            assertThat(responder.respond("results/r-0.png", header).status()).as(header).isEqualTo(200);
        }
    }

    @Test
    void ifModifiedSinceCountsOnlyWithoutIfNoneMatch() {
        String lastModified = responder.respond("results/r-0.png", null).headers().get("Last-Modified");

        assertThat(responder.respond("results/r-0.png", null, lastModified).status()).isEqualTo(304);
        assertThat(responder.respond("results/r-0.png", null, "Mon, 01 Jan 2001 00:00:00 GMT").status())
                .isEqualTo(200);
        assertThat(responder.respond("results/r-0.png", "\"stale\"", lastModified).status()).isEqualTo(200);
        assertThat(responder.respond("results/r-0.png", null, "yesterday").status()).isEqualTo(200);
    }

    @Test
    void missingAndImpossibleKeysAreNotFound() {
        for (String key : new String[] {"results/none.png", "../secret", "results", ".a.png.content-type"}) {
            assertThatThrownBy(() -> responder.respond(key, null))
                    .as(key)
                    .isInstanceOf(FileNotStoredException.class)
                    .satisfies(e -> assertThat(((FileNotStoredException) e).code()).isEqualTo("file_not_found"));
        }
    }
}
