package dev.backdrop.diffusion.hub;

import java.util.regex.Pattern;

/**
 * A model repository on a hub and the revision wanted from it: {@code owner/name[@revision]}.
 *
 * @param repo     {@code owner/name}
 * @param revision a branch, a tag or a 40-hex commit; {@value #DEFAULT_REVISION} when not given
 */
public record HubRepoRef(String repo, String revision) {

    public static final String DEFAULT_REVISION = "main";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    public HubRepoRef {
        String[] parts = repo.split("/", -1);
        if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()
                || parts[1].contains("..")) {
            throw new IllegalArgumentException("'" + repo + "' is not a hub repository id: write owner/name, e.g."
                    + " stable-diffusion-v1-5/stable-diffusion-inpainting");
        }
        if (revision.isBlank() || revision.contains("..") || revision.startsWith("/")) {
            throw new IllegalArgumentException("'" + revision + "' is not a revision: use a branch, a tag or a commit");
        }
    }

    /** {@code owner/name} or {@code owner/name@revision}. */
    public static HubRepoRef parse(String text) {
        int at = text.indexOf('@');
        return at < 0 ? new HubRepoRef(text, DEFAULT_REVISION)
                : new HubRepoRef(text.substring(0, at), text.substring(at + 1));
    }

    /** Whether the revision names one commit, which never moves. */
    public boolean pinsCommit() {
        return COMMIT.matcher(revision).matches();
    }

    /** The repository's folder name in the cache: {@code owner--name} (a name never holds "--" at its ends). */
    public String folderName() {
        return repo.replace("/", "--");
    }

    @Override
    public String toString() {
        return repo + "@" + revision;
    }
}
