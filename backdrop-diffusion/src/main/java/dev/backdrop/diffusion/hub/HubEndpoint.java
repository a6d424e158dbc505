package dev.backdrop.diffusion.hub;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the hub is and how to sign in: {@code HF_ENDPOINT} (default {@value #DEFAULT}) and
 * {@code HF_TOKEN}, the variables the hub's own clients read.
 *
 * @param base  the hub's address, without a trailing slash
 * @param token the access token sent as {@code Authorization: Bearer}, to this address only
 */
public record HubEndpoint(URI base, Optional<String> token) {

    public static final String DEFAULT = "https://huggingface.co";

    public HubEndpoint {
        String text = base.toString();
        if (base.getScheme() == null || base.getHost() == null
                || !(base.getScheme().equals("https") || base.getScheme().equals("http"))) {
            throw new IllegalArgumentException("HF_ENDPOINT must be an http(s) address such as " + DEFAULT
                    + ", not '" + text + "'");
        }
        base = URI.create(text.replaceAll("/+$", ""));
        token = token.map(String::strip).filter(t -> !t.isEmpty());
    }

    public static HubEndpoint fromEnvironment(Map<String, String> env) {
        String base = env.getOrDefault("HF_ENDPOINT", "");
        return new HubEndpoint(URI.create(base.isBlank() ? DEFAULT : base.strip()),
                Optional.ofNullable(env.get("HF_TOKEN")));
    }

    /** The repository's listing at a revision, with sizes and hashes ({@code blobs=true}). */
    URI modelInfo(HubRepoRef ref) {
        return URI.create(base + "/api/models/" + ref.repo() + "/revision/" + encode(ref.revision()) + "?blobs=true");
    }

    /** A file's content at a commit; LFS files answer with a redirect to their storage. */
    URI resolve(String repo, String commit, String path) {
        String encodedPath = Arrays.stream(path.split("/")).map(HubEndpoint::encode).collect(Collectors.joining("/"));
        return URI.create(base + "/" + repo + "/resolve/" + encode(commit) + "/" + encodedPath);
    }

    /** The repository's page, where a gated model's licence is accepted. */
    public URI page(String repo) {
        return URI.create(base + "/" + repo);
    }

    /** Whether a request to {@code target} may carry the token: only to the hub's own scheme, host and port. */
    boolean trusts(URI target) {
        return base.getScheme().equalsIgnoreCase(target.getScheme())
                && base.getHost().equalsIgnoreCase(target.getHost()) && port(base) == port(target);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** One path segment, percent-encoded ({@code /} in a revision such as {@code refs/pr/1} included). */
    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return base + (token.isPresent() ? " (with HF_TOKEN)" : "");
    }
}
