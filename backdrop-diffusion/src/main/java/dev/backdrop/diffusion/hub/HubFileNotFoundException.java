package dev.backdrop.diffusion.hub;

/** A file the fetch needs is not in the repository at the pinned commit, or no file matches the selection. */
public class HubFileNotFoundException extends HubException {

    public HubFileNotFoundException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "hub_file_not_found";
    }
}
