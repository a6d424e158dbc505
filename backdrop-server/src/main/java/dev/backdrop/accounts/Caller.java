package dev.backdrop.accounts;

/** The owner of a valid key, as found when a request is authenticated. */
public record Caller(ApiKey key, long credits) {

    public long accountId() {
        return key.accountId();
    }
}
