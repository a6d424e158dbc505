package dev.backdrop.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored file with its metadata.
 *
 * @param key          where it is stored
 * @param bytes        the content (not copied: callers must not change it)
 * @param contentType  its media type, e.g. {@code image/png}
 * @param etag         an opaque validator that changes whenever the content does, without quotes
 * @param lastModified when it was written, to the second
 */
public record StoredObject(String key, byte[] bytes, String contentType, String etag, Instant lastModified) {

    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
    }

    public long size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "StoredObject[" + key + ", " + contentType + ", " + bytes.length + " bytes, etag " + etag + "]";
    }
}
