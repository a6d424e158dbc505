package dev.backdrop.accounts;

import dev.backdrop.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        Path file = dataFolder.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataFolder);
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // Created owner-only, so the key is never readable by others, not even briefly.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
                file.toFile().setReadable(false, false);
                file.toFile().setReadable(true, true);
                file.toFile().setWritable(false, false);
                file.toFile().setWritable(true, true);
            }
            Files.writeString(file, plainKey + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the admin key to " + file + ": " + e.getMessage(), e);
        }
    }
}
