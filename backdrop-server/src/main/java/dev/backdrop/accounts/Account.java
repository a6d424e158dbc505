package dev.backdrop.accounts;

import java.time.Instant;

/** Who pays: the holder of one or more API keys and of the credits they spend. */
public record Account(long id, String name, long credits, Instant createdAt) {
}
