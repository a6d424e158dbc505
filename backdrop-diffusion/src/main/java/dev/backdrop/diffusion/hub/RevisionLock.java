package dev.backdrop.diffusion.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backdrop.model.ModelUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A repository's {@code revision.lock}: for each revision a user asked for, the commit it resolved
 * to at the first fetch and the file listing at that commit. Later fetches of the same revision
 * use both without asking the hub, so they give the same bytes until a fetch with update.
 *
 * @param repo      {@code owner/name}
 * @param revisions pinned snapshots by requested revision
 */
public record RevisionLock(String repo, Map<String, HubSnapshot> revisions) {

    static final String FILE_NAME = "revision.lock";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RevisionLock {
        revisions = Map.copyOf(revisions);
    }

    /** The lock file at {@code file}; an empty lock when there is none yet. */
    public static RevisionLock read(Path file, String repo) {
        if (!Files.isRegularFile(file)) {
            return new RevisionLock(repo, Map.of());
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<String, HubSnapshot> revisions = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("revisions").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                revisions.put(entry.getKey(), snapshot(entry.getValue()));
            }
            return new RevisionLock(root.path("repo").asText(repo), revisions);
        } catch (IOException | RuntimeException e) {
            throw new ModelUnavailableException("the lock file " + file + " cannot be read (" + e.getMessage()
                    + "): fetch with update to resolve the revision again, or delete the file", e);
        }
    }

    public Optional<HubSnapshot> pinned(String revision) {
        return Optional.ofNullable(revisions.get(revision));
    }

    public RevisionLock with(String revision, HubSnapshot snapshot) {
        Map<String, HubSnapshot> updated = new TreeMap<>(revisions);
        updated.put(revision, snapshot);
        return new RevisionLock(repo, updated);
    }

    /** Whether any pinned revision still uses {@code commit}. */
    public boolean uses(String commit) {
        return revisions.values().stream().anyMatch(s -> s.commit().equals(commit));
    }

    /** Writes the lock beside its final place first, so a reader never sees half a file. */
    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("repo", repo);
        ObjectNode pins = root.putObject("revisions");
        new TreeMap<>(revisions).forEach((revision, snapshot) -> {
            ObjectNode pin = pins.putObject(revision).put("commit", snapshot.commit()).put("gated", snapshot.gated());
            ArrayNode files = pin.putArray("files");
            for (HubFile f : snapshot.files()) {
                ObjectNode node = files.addObject().put("path", f.path()).put("size", f.size());
                node.put("blobId", f.blobId());
                node.put("sha256", f.lfsSha256());
            }
        });
        Path partial = file.resolveSibling(file.getFileName() + ".new");
        JSON.writeValue(partial.toFile(), root);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static HubSnapshot snapshot(JsonNode pin) {
        List<HubFile> files = new ArrayList<>();
        for (JsonNode f : pin.path("files")) {
            files.add(new HubFile(f.path("path").asText(), f.path("size").asLong(), textOrNull(f.get("blobId")),
                    textOrNull(f.get("sha256"))));
        }
        String commit = pin.path("commit").asText();
        if (commit.isEmpty()) {
            throw new IllegalArgumentException("a revision without its commit");
        }
        return new HubSnapshot(commit, pin.path("gated").asBoolean(), files);
    }

    static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
