package dev.backdrop.diffusion.hub;

import java.util.Arrays;

/**
 * One file of a repository at a commit, as the hub lists it.
 *
 * @param path      the path in the repository, with {@code /} between folders
 * @param size      the size of the file's content in bytes (for an LFS file, of the real content)
 * @param blobId    the git blob id (sha1 of the file for a plain file, of the pointer for an LFS one); may be null
 * @param lfsSha256 the sha256 of the content for an LFS file, else null
 */
public record HubFile(String path, long size, String blobId, String lfsSha256) {

    public HubFile {
        if (path.contains("\\") || Arrays.stream(path.split("/", -1))
                .anyMatch(part -> part.isEmpty() || part.equals(".") || part.equals(".."))) {
            // The listing comes from a server: a path must never lead out of the snapshot folder.
            throw new IllegalArgumentException("the hub listed an unsafe file path: '" + path + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("the hub listed a negative size for " + path);
        }
    }

    public boolean isLfs() {
        return lfsSha256 != null;
    }
}
