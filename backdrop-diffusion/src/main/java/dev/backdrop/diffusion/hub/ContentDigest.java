package dev.backdrop.diffusion.hub;

import dev.backdrop.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The hash a file's bytes must have, computed as they arrive: the sha256 of the content for an LFS
 * file; for a plain file its git blob id (sha1 of {@code "blob <size>\0"} and the content); for a
 * plain file listed without a blob id, none (its size is still checked).
 */
final class ContentDigest {

    private final String algorithm;
    private final String expected;
    private final byte[] header;
    private final MessageDigest digest;

    private ContentDigest(String algorithm, String expected, byte[] header, MessageDigest digest) {
        this.algorithm = algorithm;
        this.expected = expected;
        this.header = header;
        this.digest = digest;
        reset();
    }

    static ContentDigest of(HubFile file) {
        if (file.isLfs()) {
            return new ContentDigest("sha256", file.lfsSha256(), new byte[0], Sha256.newDigest());
        }
        if (file.blobId() != null) {
            try {
                return new ContentDigest("git blob id", file.blobId(),
                        ("blob " + file.size() + "\0").getBytes(StandardCharsets.US_ASCII), MessageDigest.getInstance("SHA-1"));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
        }
        return new ContentDigest("size", null, new byte[0], Sha256.newDigest());
    }

    void reset() {
        digest.reset();
        digest.update(header);
    }

    void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    /** Adds the first {@code length} bytes of {@code file}: the part of a download kept from before. */
    void updateFrom(Path file, long length) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (long left = length; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(file + " is shorter than " + length + " bytes");
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** What is wrong with the bytes seen, or empty when they match. */
    Optional<String> mismatch() {
        if (expected == null) {
            return Optional.empty();
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        return actual.equalsIgnoreCase(expected) ? Optional.empty()
                : Optional.of(algorithm + " " + actual + ", the hub lists " + expected);
    }
}
