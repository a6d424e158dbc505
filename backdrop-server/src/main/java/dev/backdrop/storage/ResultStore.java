package dev.backdrop.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * Where results and job inputs are kept: a local folder ({@link LocalResultStore}) or an
 * S3-compatible bucket ({@link S3ResultStore}). Keys are checked by {@link ObjectKey}; a bad one
 * throws {@link InvalidObjectKeyException}. Failures of the disk or bucket throw
 * {@link StorageUnavailableException}. Implementations are safe for concurrent use; a reader sees
 * either the old or the new content of a key, never a partial write.
 */
public interface ResultStore extends AutoCloseable {

    /** Stores {@code bytes} under {@code key}, replacing what was there. */
    StoredObject put(String key, byte[] bytes, String contentType);

    /** The object under {@code key}, or empty when nothing is stored there. */
    Optional<StoredObject> get(String key);

    /** Removes the object under {@code key}; removing a missing key is not an error. */
    void delete(String key);

    /**
     * Removes the objects under the top folder {@code prefix} ({@code results}, {@code inputs}) last
     * written before {@code cutoff}; returns how many. For retention: an object written while this
     * runs is kept.
     */
    int deleteOlderThan(String prefix, Instant cutoff);

    /**
     * Proves the store can be used (folder writable, bucket reachable with these credentials), for
     * start-up and readiness checks; throws {@link StorageUnavailableException} saying what to fix.
     */
    void check();

    /** Where the store keeps things, for logs; never contains credentials. */
    String describe();

    @Override
    default void close() {
    }
}
