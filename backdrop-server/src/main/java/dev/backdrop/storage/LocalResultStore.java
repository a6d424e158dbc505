package dev.backdrop.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps each object as a plain file at {@code <root>/<key>}, so the folder can be browsed, backed
 * up or served by anything else.
 *
 * <p>Writes go to a temporary file in the target's folder and are then moved over the target in
 * one step, so readers and a crash never see half a file. The content type is implied by the
 * extension ({@link KnownFileType}); only when it differs is it written beside the file as
 * {@code .<name>.content-type}. Dot-names cannot be keys ({@link ObjectKey}), so neither those nor
 * temporary files can clash with stored objects. Keys are written once in practice; two puts of
 * one key at the same moment with different types may pair one's bytes with the other's type.
 */
public final class LocalResultStore implements ResultStore {

    private static final String TYPE_SUFFIX = ".content-type";

    private final Path root;

    public LocalResultStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public StoredObject put(String key, byte[] bytes, String contentType) {
        ObjectKey objectKey = ObjectKey.of(key);
        ContentType type = new ContentType(contentType);
        Path file = fileFor(objectKey);
        try {
            Files.createDirectories(file.getParent());
            Path typeFile = typeFileFor(file);
            if (type.sameAs(ContentType.forKey(objectKey))) {
                Files.deleteIfExists(typeFile);
            } else {
                writeAtomically(typeFile, type.value().getBytes(StandardCharsets.UTF_8));
            }
            writeAtomically(file, bytes);
            var modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
            return new StoredObject(key, bytes, type.value(), ContentHash.etagOf(bytes), modified);
        } catch (IOException e) {
            throw new StorageUnavailableException(
                    "Could not write '" + key + "' in the results folder " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredObject> get(String key) {
        ObjectKey objectKey = ObjectKey.of(key);
        Path file = fileFor(objectKey);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            String type = readType(objectKey, file);
            var modified = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
            return Optional.of(new StoredObject(key, bytes, type, ContentHash.etagOf(bytes), modified));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.isRegularFile(file)) {
                // e.g. a key that runs through a file ("a.png/b.png"): nothing is stored there
                return Optional.empty();
            }
            throw new StorageUnavailableException(
                    "Could not read '" + key + "' from the results folder " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = fileFor(ObjectKey.of(key));
        if (Files.isDirectory(file)) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(typeFileFor(file));
        } catch (IOException e) {
            throw new StorageUnavailableException(
                    "Could not delete '" + key + "' from the results folder " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int deleteOlderThan(String prefix, Instant cutoff) {
        Path top = fileFor(ObjectKey.of(prefix + "/x")).getParent();
        if (!Files.isDirectory(top)) {
            return 0;
        }
        int[] deleted = {0};
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String name = file.getFileName().toString();
                    if (!name.startsWith(".") && attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                        Files.deleteIfExists(typeFileFor(file));
                        deleted[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    // Emptied date folders go too; one still in use is left (not empty, or written meanwhile).
                    if (!dir.equals(top)) {
                        try (var entries = Files.list(dir)) {
                            if (entries.findAny().isEmpty()) {
                                Files.deleteIfExists(dir);
                            }
                        } catch (java.nio.file.DirectoryNotEmptyException raced) {
                            // written to meanwhile: kept
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new StorageUnavailableException("Could not expire old files under '" + prefix + "' in the results folder "
                    + root + ": " + e.getMessage(), e);
        }
        return deleted[0];
    }

    @Override
    public void check() {
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StorageUnavailableException("The results folder " + root + " cannot be written (" + e
                    + "); choose another with --storage dir:PATH or fix its permissions.", e);
        }
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    private Path fileFor(ObjectKey key) {
        Path file = root.resolve(key.value()).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            // ObjectKey already rules this out; this guards against a future change to its rules
            throw new InvalidObjectKeyException("File key '" + key + "' leaves the results folder.");
        }
        return file;
    }

    private static Path typeFileFor(Path file) {
        return file.resolveSibling("." + file.getFileName() + TYPE_SUFFIX);
    }

    private static String readType(ObjectKey key, Path file) throws IOException {
        try {
            String stored = Files.readString(typeFileFor(file), StandardCharsets.UTF_8).strip();
            return new ContentType(stored).value();
        } catch (NoSuchFileException e) {
            return ContentType.forKey(key).value();
        } catch (IllegalArgumentException e) {
            // a hand-edited type file: fall back rather than refuse to serve the file
            return ContentType.forKey(key).value();
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        // not Files.createTempFile: its owner-only permissions would stick to the stored file
        Path temporary = target.resolveSibling(
                "." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
