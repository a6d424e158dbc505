package dev.backdrop.diffusion.hub;

import dev.backdrop.model.ModelCache;
import java.nio.file.Path;

/**
 * Where one hub repository lives in the model cache: {@code hub/owner--name/} holding
 * {@code revision.lock}, {@code snapshots/<commit>/} with the repository's files in their own
 * layout, and {@code .incomplete/<commit>/} with downloads not yet verified and published.
 *
 * @param directory {@code <model cache>/hub/owner--name}
 */
public record HubRepoFolder(Path directory) {

    /** The folder of all hub repositories in a model cache. */
    public static Path root(ModelCache cache) {
        return cache.directory().resolve("hub");
    }

    public static HubRepoFolder of(Path hubRoot, HubRepoRef ref) {
        return new HubRepoFolder(hubRoot.resolve(ref.folderName()));
    }

    public Path lockFile() {
        return directory.resolve(RevisionLock.FILE_NAME);
    }

    /** Held while a fetch writes into this folder, so two fetches of one repository take turns. */
    Path fetchLockFile() {
        return directory.resolve(".fetch.lock");
    }

    /** The published files of a commit, in the repository's own layout. */
    public Path snapshot(String commit) {
        return directory.resolve("snapshots").resolve(commit);
    }

    Path incomplete(String commit) {
        return directory.resolve(".incomplete").resolve(commit);
    }

    /** A file being downloaded; kept after an interruption so the next fetch resumes it. */
    Path partial(String commit, HubFile file) {
        return incomplete(commit).resolve(file.path() + ".part");
    }
}
