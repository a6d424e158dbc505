package dev.backdrop.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@value #FILE_NAME} in the data folder while a server runs on it: its address and process id,
 * so {@code backdrop keys} can manage keys through the running server's admin API instead of
 * opening the database the server holds. A file left by a killed server names a process that is
 * gone and is ignored.
 */
public final class ServerAddressFile {

    public static final String FILE_NAME = "server.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerAddressFile() {
    }

    static void write(Path dataFolder, URI url) {
        try {
            String body = JSON.createObjectNode().put("url", url.toString())
                    .put("pid", ProcessHandle.current().pid()).toPrettyString();
            Path temp = Files.createTempFile(dataFolder, FILE_NAME, ".partial");
            Files.writeString(temp, body, StandardCharsets.UTF_8);
            Files.move(temp, dataFolder.resolve(FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataFolder.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    static void remove(Path dataFolder) {
        Path file = dataFolder.resolve(FILE_NAME);
        try {
            // Only our own: a second server on the same folder may have written it since.
            if (read(file).path("pid").asLong(-1) == ProcessHandle.current().pid()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // The next reader sees a process that is gone, or this one, and copes.
        }
    }

    /** The address of the server running on {@code dataFolder}, if one is. */
    public static Optional<URI> running(Path dataFolder) {
        Path file = dataFolder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = read(file);
            long pid = node.path("pid").asLong(-1);
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive && node.hasNonNull("url") ? Optional.of(URI.create(node.get("url").asText())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }
}
