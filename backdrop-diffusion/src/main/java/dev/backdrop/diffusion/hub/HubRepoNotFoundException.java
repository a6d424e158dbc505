package dev.backdrop.diffusion.hub;

/** The hub has no repository of that id, or hides a private one from this caller. */
public class HubRepoNotFoundException extends HubException {

    public HubRepoNotFoundException(String repo, HubEndpoint endpoint) {
        super("repository " + repo + " was not found on " + endpoint.base() + ": check the id (owner/name) on "
                + endpoint.page(repo) + (endpoint.token().isPresent()
                ? "; if it is private, HF_TOKEN must belong to an account that can read it"
                : "; if it is private, set HF_TOKEN to an access token of an account that can read it"));
    }

    @Override
    public String code() {
        return "hub_repo_not_found";
    }
}
