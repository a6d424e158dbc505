package dev.backdrop.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The entity tag of stored bytes: the hex MD5 of the content, which is what S3 reports for a
 * single-part upload, so a file keeps its ETag when a deployment moves from a folder to a bucket.
 * It only detects change; nothing trusts it for integrity.
 */
final class ContentHash {

    private ContentHash() {
    }

    static String etagOf(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has MD5", e);
        }
    }
}
