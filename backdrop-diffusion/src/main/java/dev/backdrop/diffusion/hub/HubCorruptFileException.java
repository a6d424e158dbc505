package dev.backdrop.diffusion.hub;

/** A downloaded file does not match the size or hash the hub lists for it; it was deleted, not kept. */
public class HubCorruptFileException extends HubException {

    public HubCorruptFileException(String repo, String path, String problem) {
        super(path + " of " + repo + " arrived corrupt (" + problem + ") and was deleted: run the fetch again; if it"
                + " fails the same way, the hub or a proxy between serves a damaged file");
    }

    @Override
    public String code() {
        return "hub_corrupt_file";
    }
}
