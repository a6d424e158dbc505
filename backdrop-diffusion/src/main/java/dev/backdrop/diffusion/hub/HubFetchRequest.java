package dev.backdrop.diffusion.hub;

import java.util.List;

/**
 * What to fetch from the hub.
 *
 * @param ref       the repository and revision
 * @param selection which of its files
 * @param update    resolve the revision on the hub again instead of using the commit pinned in the lock file
 */
public record HubFetchRequest(HubRepoRef ref, FileSelection selection, boolean update) {

    /** {@code owner/name[@revision]} and its files matching {@code includes} (all when none), plain weights. */
    public static HubFetchRequest of(String repoAndRevision, String... includes) {
        return new HubFetchRequest(HubRepoRef.parse(repoAndRevision), new FileSelection(List.of(includes), false),
                false);
    }
}
