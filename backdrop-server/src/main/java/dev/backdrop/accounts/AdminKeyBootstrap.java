package dev.backdrop.accounts;

import dev.backdrop.db.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Optional;

/**
 * First start: when the database has never had a key, makes an admin key with
 * {@value #INITIAL_CREDITS} credits and writes it to {@value #FILE_NAME} in the data folder,
 * readable by the owner only. A marker row makes this happen once, even when several servers
 * start on one empty PostgreSQL database at the same moment.
 */
public final class AdminKeyBootstrap {

    public static final long INITIAL_CREDITS = 1000;
    public static final String FILE_NAME = "admin-key";
    static final String EVENT = "admin_key_created";

    private final Database database;
    private final ApiKeys keys;
    private final Path dataFolder;

    /** The key made on first start and the file it was written to. */
    public record AdminKey(IssuedKey issued, Path file) {
    }

    public AdminKeyBootstrap(Database database, ApiKeys keys, Path dataFolder) {
        this.database = database;
        this.keys = keys;
        this.dataFolder = dataFolder;
    }

    /** The new admin key on the first start, empty on every later one. */
    public Optional<AdminKey> run() {
        return database.inTransaction(c -> {
            // Only the transaction that inserts the marker goes on; a concurrent one waits on the
            // primary key and then finds it taken.
            try (PreparedStatement mark = c.prepareStatement(
                    "INSERT INTO server_events (name) VALUES (?) ON CONFLICT DO NOTHING")) {
                mark.setString(1, EVENT);
                if (mark.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM api_keys");
                 var rows = count.executeQuery()) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return Optional.empty();
                }
            }
            IssuedKey issued = keys.create(c, "admin", INITIAL_CREDITS);
            return Optional.of(new AdminKey(issued, write(issued.plainKey())));
        });
    }

    private Path write(String plainKey) {
        return OwnerOnlyFile.write(dataFolder.resolve(FILE_NAME), plainKey, "admin key");
    }
}
