package dev.backdrop.accounts;

/** One row of {@code backdrop keys list}: a key and the balance of its account. */
public record KeySummary(ApiKey key, String accountName, long credits) {
}
