package dev.backdrop.jobs;

import dev.backdrop.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A client's {@code Idempotency-Key} and the fingerprint of the request it came with; the same key
 * with another fingerprint is a conflict.
 *
 * @param requestHash sha256 (hex) of the method, path and body
 */
public record IdempotencyKey(String key, String requestHash) {

    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            throw new InvalidIdempotencyKeyException(
                    "An Idempotency-Key must be 1 to " + MAX_LENGTH + " printable ASCII characters.");
        }
    }

    /** The key of a request to {@code method path} with this body. */
    public static IdempotencyKey of(String key, String method, String path, byte[] body) {
        MessageDigest digest = Sha256.newDigest();
        digest.update((method + ' ' + path + '\n').getBytes(StandardCharsets.UTF_8));
        digest.update(body);
        return new IdempotencyKey(key, HexFormat.of().formatHex(digest.digest()));
    }
}
