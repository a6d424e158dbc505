package dev.backdrop.cli;

import java.util.List;

/**
 * What {@code backdrop keys} does, wherever the keys live: in the database of a stopped server
 * ({@link DatabaseKeyAdministration}) or behind a running server's admin API
 * ({@link AdminApiKeyAdministration}), whose database the command must not open.
 */
interface KeyAdministration extends AutoCloseable {

    CreatedKey create(String name, long credits);

    List<KeyRow> list();

    /** Adds credits to a key's account; returns the new balance. */
    long credit(String key, long amount);

    /** Disables a key; returns how it is displayed. */
    String revoke(String key);

    @Override
    void close();

    record CreatedKey(String plainKey, String display, long credits, String webhookSecret) {
    }

    record KeyRow(String display, String name, long credits, boolean revoked) {
    }
}
