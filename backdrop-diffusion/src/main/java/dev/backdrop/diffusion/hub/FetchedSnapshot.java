package dev.backdrop.diffusion.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a fetch: the selected files, all verified, in the repository's own layout.
 *
 * @param ref             the repository and the revision asked for
 * @param commit          the commit the files are from
 * @param folder          the snapshot folder; {@code folder.resolve(path)} is a file of the repository
 * @param files           the selected files
 * @param downloadedBytes how many bytes this fetch received (0 when everything was already there)
 */
public record FetchedSnapshot(HubRepoRef ref, String commit, Path folder, List<HubFile> files,
                              long downloadedBytes) {

    public FetchedSnapshot {
        files = List.copyOf(files);
    }

    public Path file(String path) {
        return folder.resolve(path);
    }
}
