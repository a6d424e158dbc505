package dev.backdrop.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Answers {@code GET /files/<key>} from a {@link ResultStore} with HTTP caching rules, apart from
 * any web framework. Keys are never reused, so a stored file never changes: it is cacheable for a
 * year and marked immutable, and a client holding it gets 304 by ETag.
 */
public final class FileResponder {

    public static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

    private final ResultStore store;

    public FileResponder(ResultStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The response for {@code key} given the request's {@code If-None-Match} (may be null).
     *
     * @throws FileNotStoredException when nothing is stored there, including for keys no store
     *                                could hold (so the answer does not reveal the key rules)
     */
    public FileResponse respond(String key, String ifNoneMatch) {
        return respond(key, ifNoneMatch, null);
    }

    /**
     * As {@link #respond(String, String)}, also honouring {@code If-Modified-Since} (may be null),
     * which counts only when the request has no {@code If-None-Match}.
     */
    public FileResponse respond(String key, String ifNoneMatch, String ifModifiedSince) {
        StoredObject object;
        try {
            object = store.get(key).orElseThrow(() -> new FileNotStoredException(key));
        } catch (InvalidObjectKeyException e) {
            throw new FileNotStoredException(key);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", "\"" + object.etag() + "\"");
        headers.put("Last-Modified", httpDate(object.lastModified()));
        headers.put("Cache-Control", CACHE_CONTROL);
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()
                ? EntityTagList.parse(ifNoneMatch).matches(object.etag())
                : notModifiedSince(object.lastModified(), ifModifiedSince)) {
            return new FileResponse(304, headers, new byte[0]);
        }
        headers.put("Content-Type", object.contentType());
        // inputs are uploaded by callers: never let a browser guess a more dangerous type
        headers.put("X-Content-Type-Options", "nosniff");
        return new FileResponse(200, headers, object.bytes());
    }

    /** RFC 9110's IMF-fixdate: a two-digit day, which {@code RFC_1123_DATE_TIME} does not write. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH);

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(ZonedDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static boolean notModifiedSince(Instant lastModified, String ifModifiedSince) {
        if (ifModifiedSince == null || ifModifiedSince.isBlank()) {
            return false;
        }
        try {
            Instant since = ZonedDateTime.parse(ifModifiedSince.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return !lastModified.isAfter(since);
        } catch (DateTimeParseException e) {
            return false; // an unreadable date is ignored, as HTTP requires
        }
    }
}
