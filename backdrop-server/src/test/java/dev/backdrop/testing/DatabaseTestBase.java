package dev.backdrop.testing;

import dev.backdrop.db.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs every test of a subclass once on H2 and once on PostgreSQL, each on a fresh database. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
public abstract class DatabaseTestBase {

    @Parameter
    protected TestDatabase engine;

    @TempDir
    protected Path dataFolder;

    protected Database database;

    @BeforeEach
    void openDatabase() {
        database = engine.open(dataFolder);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
