package dev.backdrop.diffusion.hub;

import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * Turns a hub's error answer into the exception that says what to do. The hub names the cause in
 * {@code X-Error-Code}; without it, 401 on the hub means a missing or hidden repository (the hub
 * answers so for private repositories too) unless the token itself was refused.
 */
final class HubResponseErrors {

    private static final String REFUSED_TOKEN = "Invalid credentials in Authorization header";

    private HubResponseErrors() {
    }

    /**
     * @param ref  the repository and the revision asked for
     * @param path the file asked for, or null for the repository's listing
     */
    static HubException of(int status, HttpHeaders headers, URI uri, HubEndpoint endpoint, HubRepoRef ref,
                           String path) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String message = headers.firstValue("X-Error-Message").orElse(null);
        boolean fromHub = endpoint.trusts(uri);
        switch (code) {
            case "RevisionNotFound":
                return new HubRevisionNotFoundException(ref, endpoint);
            case "EntryNotFound":
                return missingFile(ref, path);
            case "GatedRepo":
                return HubAccessDeniedException.gated(ref.repo(), endpoint);
            case "RepoNotFound":
                return new HubRepoNotFoundException(ref.repo(), endpoint);
            default:
                break;
        }
        if (fromHub && (status == 401 || status == 403)) {
            return status == 401 && !REFUSED_TOKEN.equals(message) ? new HubRepoNotFoundException(ref.repo(), endpoint)
                    : HubAccessDeniedException.refused(ref.repo(), endpoint, status, message);
        }
        if (fromHub && status == 404) {
            return path == null ? new HubRepoNotFoundException(ref.repo(), endpoint) : missingFile(ref, path);
        }
        String what = path == null ? "the listing of " + ref : path + " of " + ref;
        String source = fromHub ? "the hub at " + endpoint.base() : "the file storage at " + uri.getHost();
        String advice = status >= 500 || status == 429 ? "the server is busy or failing; try again later"
                : fromHub ? "check HF_ENDPOINT" : "its signed link may have expired; run the fetch again";
        return new HubConnectionException(source + " answered HTTP " + status + " for " + what
                + (message == null ? "" : " (" + message + ")") + ": " + advice);
    }

    private static HubFileNotFoundException missingFile(HubRepoRef ref, String path) {
        return new HubFileNotFoundException(path + " is not in " + ref.repo() + " at " + ref.revision()
                + ": check the file name and the revision");
    }
}
