package dev.backdrop.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM, from the binaries that io.zonky publishes on Maven
 * Central, listening on a free loopback port; every test gets a database of its own on it.
 *
 * <p>PostgreSQL refuses to run as root. When the build runs as root, the library starts
 * initdb/postgres through {@code unshare -U} (a user namespace in which the process is not root),
 * which needs unprivileged user namespaces to be allowed on the machine.
 */
public final class EmbeddedPostgresServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // stopped by the library's shutdown hook when the test JVM exits
                server = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        // The library's 10 s is not always enough for a first start on a busy machine.
                        .setPGStartupWait(Duration.ofMinutes(2))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("Cannot start the embedded PostgreSQL server. PostgreSQL refuses to run"
                        + " as root; as root the tests need 'unshare -U' (user namespaces) to work, else run the build"
                        + " as an ordinary user.", e);
            }
        }
        return server;
    }

    /** A JDBC URL for a new, empty database. */
    public static String newDatabaseUrl() {
        EmbeddedPostgres postgres = server();
        String name = "backdrop_test_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name + "?user=postgres";
    }
}
