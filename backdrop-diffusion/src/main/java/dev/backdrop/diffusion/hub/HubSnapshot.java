package dev.backdrop.diffusion.hub;

import java.util.List;
import java.util.Optional;

/**
 * A repository's files at one commit, as the hub lists them.
 *
 * @param commit the 40-hex commit the requested revision resolved to
 * @param gated  whether the hub asks users to accept a licence before downloading
 * @param files  every file of the repository at that commit
 */
public record HubSnapshot(String commit, boolean gated, List<HubFile> files) {

    public HubSnapshot {
        files = List.copyOf(files);
    }

    public Optional<HubFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
