package dev.backdrop.diffusion.hub;

/** The hub refuses the files: a gated model whose licence the account has not accepted, or a refused token. */
public class HubAccessDeniedException extends HubException {

    private HubAccessDeniedException(String message) {
        super(message);
    }

    /** A gated repository: without a token, or with one whose account has no access yet. */
    public static HubAccessDeniedException gated(String repo, HubEndpoint endpoint) {
        return new HubAccessDeniedException(endpoint.token().isEmpty()
                ? repo + " is a gated model: accept its licence on " + endpoint.page(repo)
                        + " while signed in, then set HF_TOKEN to an access token of that account (a read token"
                        + " from the hub's settings page) and run the fetch again"
                : repo + " is a gated model and the account of HF_TOKEN has no access to it yet: accept its"
                        + " licence on " + endpoint.page(repo) + " while signed in to that account (some authors"
                        + " approve requests by hand; wait for their e-mail), then run the fetch again");
    }

    /** The hub turned the token down, or forbids the request for another reason it gave. */
    public static HubAccessDeniedException refused(String repo, HubEndpoint endpoint, int status, String reason) {
        return new HubAccessDeniedException("the hub at " + endpoint.base() + " refused access to " + repo
                + " (HTTP " + status + (reason == null ? "" : ": " + reason) + "): "
                + (endpoint.token().isPresent() ? "check that HF_TOKEN is a valid, unexpired token with read access"
                : "set HF_TOKEN to an access token with read access"));
    }

    @Override
    public String code() {
        return "hub_access_denied";
    }
}
