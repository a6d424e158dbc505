package dev.backdrop.accounts;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored API key: never the key itself, only its hash (in the database) and its first
 * characters ({@link #prefix()}) for people to tell keys apart.
 *
 * @param webhookSecret signs the webhook calls of jobs submitted with this key (HMAC-SHA256)
 */
public record ApiKey(long id, long accountId, String name, String prefix, String webhookSecret,
                     Instant createdAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }

    public Optional<Instant> revokedSince() {
        return Optional.ofNullable(revokedAt);
    }

    /** How the key is shown to people: its prefix and an ellipsis. */
    public String display() {
        return prefix + "…";
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", accountId=" + accountId + ", name=" + name + ", prefix=" + prefix
                + ", revoked=" + revoked() + "]";
    }
}
