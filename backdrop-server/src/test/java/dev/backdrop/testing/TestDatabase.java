package dev.backdrop.testing;

import dev.backdrop.db.Database;
import java.nio.file.Path;

/** The two databases every persistence test runs against, each fresh for every test. */
public enum TestDatabase {
    /** The embedded default, with the very URL the server uses for a data folder. */
    H2 {
        @Override
        public Database open(Path dataFolder) {
            return Database.open(Database.embeddedUrl(dataFolder));
        }
    },
    POSTGRESQL {
        @Override
        public Database open(Path dataFolder) {
            return Database.open(EmbeddedPostgresServer.newDatabaseUrl());
        }
    };

    public abstract Database open(Path dataFolder);
}
