package dev.backdrop.accounts;

import dev.backdrop.db.Database;
import dev.backdrop.model.Sha256;
import dev.backdrop.request.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * API keys and the accounts they belong to. A key is {@code bd_} and 32 random base62 characters
 * (about 190 bits), so a plain sha256 of it is a safe thing to store and to look it up by; the
 * key itself exists only in the {@link IssuedKey} returned when it is made.
 */
public final class ApiKeys {

    /** The longest name a key or account takes. */
    public static final int MAX_NAME = 200;

    public static final String KEY_PREFIX = "bd_";
    static final int KEY_RANDOM_CHARS = 32;
    /** {@code bd_} and 7 characters: enough to tell keys apart, far too little to guess the rest. */
    static final int DISPLAY_PREFIX_LENGTH = 10;
    static final String WEBHOOK_SECRET_PREFIX = "whsec_";

    private static final String KEY_COLUMNS =
            "k.id, k.account_id, k.name, k.prefix, k.webhook_secret, k.created_at, k.revoked_at";

    private final Database database;
    private final CreditLedger ledger;

    public ApiKeys(Database database, CreditLedger ledger) {
        this.database = database;
        this.ledger = ledger;
    }

    /** The sha256 (hex) under which a key is stored. */
    public static String hash(String plainKey) {
        return Sha256.of(plainKey.getBytes(StandardCharsets.UTF_8));
    }

    /** A new account holding {@code credits} (a ledger grant) and a first key for it. */
    public IssuedKey create(String name, long credits) {
        return database.inTransaction(c -> create(c, name, credits));
    }

    public IssuedKey create(Connection connection, String name, long credits) throws SQLException {
        requireNameFits(name);
        if (credits < 0 || credits > CreditLedger.MAX_AMOUNT) {
            throw new InvalidCreditAmountException("Initial credits must be between 0 and " + CreditLedger.MAX_AMOUNT + ", not " + credits);
        }
        long accountId;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO accounts (name, credits) VALUES (?, 0)", new String[] {"id"})) {
            insert.setString(1, name == null || name.isBlank() ? "account" : name);
            insert.executeUpdate();
            accountId = CreditLedger.generatedId(insert);
        }
        if (credits > 0) {
            ledger.grant(connection, accountId, credits, "initial credits");
        }
        return issue(connection, accountId, name, credits);
    }

    /** Another key for an existing account; it spends the same credits. */
    public IssuedKey createForAccount(long accountId, String name) {
        requireNameFits(name);
        return database.inTransaction(c -> issue(c, accountId, name, CreditLedger.balanceOf(c, accountId)));
    }

    /** The names' column is this wide (V1 migration); a longer name is the caller's to shorten. */
    private static void requireNameFits(String name) {
        if (name != null && name.length() > MAX_NAME) {
            throw new InvalidRequestException("name", "name must be at most " + MAX_NAME + " characters, got "
                    + name.length());
        }
    }

    private static IssuedKey issue(Connection c, long accountId, String name, long credits) throws SQLException {
        String plain = SecretTokens.next(KEY_PREFIX, KEY_RANDOM_CHARS);
        long keyId;
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO api_keys (account_id, key_hash, prefix, name, webhook_secret) VALUES (?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            insert.setLong(1, accountId);
            insert.setString(2, hash(plain));
            insert.setString(3, plain.substring(0, DISPLAY_PREFIX_LENGTH));
            insert.setString(4, name);
            insert.setString(5, SecretTokens.next(WEBHOOK_SECRET_PREFIX, KEY_RANDOM_CHARS));
            insert.executeUpdate();
            keyId = CreditLedger.generatedId(insert);
        }
        return new IssuedKey(plain, keyById(c, keyId).orElseThrow(), credits);
    }

    /**
     * The caller behind a key presented with a request.
     *
     * @throws InvalidApiKeyException when the key is missing, unknown or revoked
     */
    public Caller authenticate(String plainKey) {
        if (plainKey == null || plainKey.isBlank()) {
            throw new InvalidApiKeyException("An API key is required.");
        }
        String key = plainKey.strip();
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + KEY_COLUMNS + ", a.credits"
                    + " FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.key_hash = ?")) {
                select.setString(1, hash(key));
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new InvalidApiKeyException("The API key is not valid.");
                    }
                    ApiKey found = key(rows);
                    if (found.revoked()) {
                        throw new InvalidApiKeyException("The API key " + found.display() + " was revoked.");
                    }
                    return new Caller(found, rows.getLong("credits"));
                }
            }
        });
    }

    /** Every key, revoked ones included, oldest first. */
    public List<KeySummary> list() {
        return page(0, Integer.MAX_VALUE);
    }

    /**
     * One page of {@link #list}: at most {@code limit} keys with an id above {@code afterId} (from
     * the first when it is 0), oldest first; the last key's id asks for the next page.
     */
    public List<KeySummary> page(long afterId, int limit) {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + KEY_COLUMNS + ", a.name AS account_name, a.credits"
                    + " FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.id > ? ORDER BY k.id LIMIT ?")) {
                select.setLong(1, afterId);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<KeySummary> keys = new ArrayList<>();
                    while (rows.next()) {
                        keys.add(new KeySummary(key(rows), rows.getString("account_name"), rows.getLong("credits")));
                    }
                    return keys;
                }
            }
        });
    }

    /**
     * The key an operator names: the full key, its numeric id, or its prefix as {@code keys list}
     * shows it (a trailing ellipsis is ignored).
     *
     * @throws ApiKeyNotFoundException when no key, or more than one, matches
     */
    public ApiKey find(String reference) {
        String ref = reference == null ? "" : reference.strip().replaceAll("(…|\\.\\.\\.)$", "");
        if (ref.isEmpty()) {
            throw new ApiKeyNotFoundException("Name a key by its text, its id or its prefix.");
        }
        Optional<ApiKey> exact = database.inTransaction(c -> {
            if (ref.startsWith(KEY_PREFIX) && ref.length() == KEY_PREFIX.length() + KEY_RANDOM_CHARS) {
                Optional<ApiKey> byHash = keyWhere(c, "k.key_hash = ?", hash(ref));
                if (byHash.isPresent()) {
                    return byHash;
                }
            }
            if (ref.chars().allMatch(Character::isDigit) && ref.length() < 18) {
                return keyById(c, Long.parseLong(ref));
            }
            return Optional.empty();
        });
        if (exact.isPresent()) {
            return exact.get();
        }
        if (ref.startsWith(KEY_PREFIX) && ref.length() <= DISPLAY_PREFIX_LENGTH) {
            // Few keys and a short prefix: filtering here keeps LIKE escaping out of the SQL.
            List<ApiKey> matches = list().stream().map(KeySummary::key).filter(k -> k.prefix().startsWith(ref)).toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw new ApiKeyNotFoundException(matches.size() + " keys start with " + ref + "; give more characters or the key's id.");
            }
        }
        throw new ApiKeyNotFoundException("No API key matches '" + ref + "'; see backdrop keys list.");
    }

    /** Adds credits to the account of the key an operator names ({@link #find}). */
    public LedgerEntry credit(String reference, long amount) {
        ApiKey key = find(reference);
        return ledger.grant(key.accountId(), amount, "credit via key " + key.prefix());
    }

    /** Revokes the key an operator names ({@link #find}); it fails authentication from now on. */
    public ApiKey revoke(String reference) {
        ApiKey key = find(reference);
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE api_keys SET revoked_at = CURRENT_TIMESTAMP WHERE id = ? AND revoked_at IS NULL")) {
                update.setLong(1, key.id());
                update.executeUpdate();
            }
            return keyById(c, key.id()).orElseThrow();
        });
    }

    public Account account(long accountId) {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, name, credits, created_at FROM accounts WHERE id = ?")) {
                select.setLong(1, accountId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new IllegalArgumentException("No account " + accountId);
                    }
                    return new Account(rows.getLong("id"), rows.getString("name"), rows.getLong("credits"),
                            instant(rows, "created_at"));
                }
            }
        });
    }

    private static Optional<ApiKey> keyById(Connection c, long id) throws SQLException {
        return keyWhere(c, "k.id = ?", id);
    }

    private static Optional<ApiKey> keyWhere(Connection c, String condition, Object parameter) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + KEY_COLUMNS + " FROM api_keys k WHERE " + condition)) {
            select.setObject(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(key(rows)) : Optional.empty();
            }
        }
    }

    private static ApiKey key(ResultSet row) throws SQLException {
        return new ApiKey(
                row.getLong("id"),
                row.getLong("account_id"),
                row.getString("name"),
                row.getString("prefix"),
                row.getString("webhook_secret"),
                instant(row, "created_at"),
                instant(row, "revoked_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
