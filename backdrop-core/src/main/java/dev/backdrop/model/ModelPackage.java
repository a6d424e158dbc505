package dev.backdrop.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An npm tarball of the {@code background-removal-data} layout: {@code package/dist/resources.json}
 * maps a resource key to the list of chunk files (each named by its own sha256) that, concatenated
 * in order, make the resource. Assembling checks every chunk and the whole file.
 */
public final class ModelPackage {

    private static final String DIST = "package/dist/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path tarball;

    public ModelPackage(Path tarball) {
        this.tarball = tarball;
    }

    /** Writes {@code model} to {@code target} atomically; nothing is left at {@code target} on failure. */
    public void assemble(ModelArtifact model, Path target, FetchProgress progress) {
        try {
            List<String> chunks = chunkHashes(model.resourceKey());
            Path folder = Files.createDirectories(target.toAbsolutePath().getParent());
            Path work = Files.createTempDirectory(folder, ".assemble-");
            try {
                extractChunks(new HashSet<>(chunks), work);
                Path partial = work.resolve(model.fileName() + ".partial");
                MessageDigest whole = Sha256.newDigest();
                long written = 0;
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), whole)) {
                    for (String hash : chunks) {
                        Path chunk = work.resolve(hash);
                        if (!Files.exists(chunk)) {
                            throw new ModelUnavailableException("the package " + ModelId.NPM_PACKAGE
                                    + " lacks chunk " + hash + " of " + model.name());
                        }
                        written += Files.copy(chunk, out);
                        progress.update("assembling " + model.name(), written, model.size());
                    }
                }
                String actual = HexFormat.of().formatHex(whole.digest());
                if (written != model.size() || !actual.equals(model.sha256())) {
                    throw new ModelUnavailableException("assembled " + model.name() + " is " + written
                            + " bytes with sha256 " + actual + ", expected " + model.size() + " bytes with sha256 "
                            + model.sha256() + "; the download is corrupt, try again");
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                FolderTree.delete(work);
            }
        } catch (IOException e) {
            throw new ModelUnavailableException("could not assemble " + model.name() + " from " + tarball
                    + ": " + e.getMessage(), e);
        }
    }

    List<String> chunkHashes(String resourceKey) throws IOException {
        try (TarArchiveInputStream tar = open()) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.getName().equals(DIST + "resources.json")) {
                    JsonNode resource = JSON.readTree(tar.readAllBytes()).path(resourceKey);
                    if (!resource.path("chunks").isArray()) {
                        throw new ModelUnavailableException("resources.json in " + tarball + " has no " + resourceKey);
                    }
                    List<String> hashes = new ArrayList<>();
                    resource.path("chunks").forEach(c -> hashes.add(c.path("hash").asText()));
                    return hashes;
                }
            }
        }
        throw new ModelUnavailableException(tarball + " is not a model package: it has no " + DIST + "resources.json");
    }

    private void extractChunks(Set<String> wanted, Path into) throws IOException {
        try (TarArchiveInputStream tar = open()) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (!name.startsWith(DIST)) {
                    continue;
                }
                String hash = name.substring(DIST.length());
                if (!wanted.contains(hash)) {
                    continue;
                }
                byte[] bytes = tar.readAllBytes();
                String actual = Sha256.of(bytes);
                if (!actual.equals(hash)) {
                    throw new ModelUnavailableException("chunk " + hash + " in " + tarball
                            + " has sha256 " + actual + "; the download is corrupt, try again");
                }
                Files.write(into.resolve(hash), bytes);
            }
        }
    }

    private TarArchiveInputStream open() throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
        return new TarArchiveInputStream(new GzipCompressorInputStream(in));
    }

}
