package dev.backdrop.diffusion.hub;

import dev.backdrop.model.FolderTree;
import dev.backdrop.model.ModelCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A pinned revision of a hub repository in the model cache, for listing.
 *
 * @param repo        {@code owner/name}
 * @param revision    the revision asked for
 * @param commit      the commit it is pinned to
 * @param folder      the snapshot folder
 * @param bytesOnDisk the size of the files fetched so far
 */
public record FetchedRepository(String repo, String revision, String commit, Path folder, long bytesOnDisk) {

    /** Every pinned revision of every repository under the cache's {@code hub/} folder, by repository. */
    public static List<FetchedRepository> in(ModelCache cache) {
        Path root = HubRepoFolder.root(cache);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<FetchedRepository> found = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path directory : folders.sorted().toList()) {
                HubRepoFolder folder = new HubRepoFolder(directory);
                if (!Files.isRegularFile(folder.lockFile())) {
                    continue;
                }
                RevisionLock lock = RevisionLock.read(folder.lockFile(), directory.getFileName().toString());
                lock.revisions().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(pin -> {
                    Path snapshot = folder.snapshot(pin.getValue().commit());
                    found.add(new FetchedRepository(lock.repo(), pin.getKey(), pin.getValue().commit(), snapshot,
                            FolderTree.size(snapshot)));
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

}
