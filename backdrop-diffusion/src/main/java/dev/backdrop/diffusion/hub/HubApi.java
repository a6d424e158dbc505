package dev.backdrop.diffusion.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two calls of the hub's HTTP API a fetch needs: a repository's file listing at a revision, and
 * a file's content at a commit. The token goes to the hub's own address only, never along a
 * redirect to another host (LFS files are served from a storage host by a signed link).
 */
final class HubApi {

    private static final int MAX_REDIRECTS = 5;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubEndpoint endpoint;
    private final HttpClient http;

    HubApi(HubEndpoint endpoint, HttpClient http) {
        this.endpoint = endpoint;
        this.http = http;
    }

    /** Redirects are followed here, by hand, so that the token stays with the hub. */
    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
    }

    HubEndpoint endpoint() {
        return endpoint;
    }

    /** {@code GET /api/models/{repo}/revision/{revision}?blobs=true}: the commit and every file with size and hashes. */
    HubSnapshot snapshot(HubRepoRef ref) {
        URI uri = endpoint.modelInfo(ref);
        HttpResponse<byte[]> response;
        try {
            response = send(uri, 0, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new HubConnectionException("cannot reach the hub at " + endpoint.base() + " (" + e + "): check the"
                    + " network and HF_ENDPOINT", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubConnectionException("interrupted while asking the hub for " + ref, e);
        }
        if (response.statusCode() != 200) {
            throw HubResponseErrors.of(response.statusCode(), response.headers(), response.uri(), endpoint, ref, null);
        }
        try {
            return parseSnapshot(JSON.readTree(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            throw new HubConnectionException("the hub at " + endpoint.base() + " answered the listing of " + ref
                    + " with something other than a model hub's listing (" + e.getMessage() + "): check HF_ENDPOINT", e);
        }
    }

    private static HubSnapshot parseSnapshot(JsonNode info) {
        String commit = info.path("sha").asText("");
        if (!COMMIT.matcher(commit).matches()) {
            throw new IllegalArgumentException("no 40-hex commit in 'sha'");
        }
        List<HubFile> files = new ArrayList<>();
        for (JsonNode sibling : info.path("siblings")) {
            String path = sibling.path("rfilename").asText("");
            JsonNode lfs = sibling.path("lfs");
            JsonNode size = lfs.has("size") ? lfs.get("size") : sibling.get("size");
            if (size == null || !size.canConvertToLong()) {
                throw new IllegalArgumentException(path + " is listed without its size");
            }
            files.add(new HubFile(path, size.asLong(), RevisionLock.textOrNull(sibling.get("blobId")),
                    lfs.has("sha256") ? lfs.get("sha256").asText() : null));
        }
        JsonNode gated = info.path("gated");
        return new HubSnapshot(commit, gated.isTextual() || gated.asBoolean(false), files);
    }

    /**
     * {@code GET {endpoint}/{repo}/resolve/{commit}/{path}}, from byte {@code offset} on (a {@code Range}
     * request), following redirects. Answers 2xx (and 416) are returned with their body open; an error
     * answer becomes its {@link HubException}. Network failures, and answers that say the server is busy
     * or failing (429, 5xx), are thrown as {@link IOException}, for the caller to try again.
     */
    HttpResponse<InputStream> download(String repo, String commit, HubFile file, long offset)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(endpoint.resolve(repo, commit, file.path()), offset,
                HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            // Busy or failing for now: thrown as a network failure, so the download is tried again.
            response.body().close();
            throw new IOException(response.uri().getHost() + " answered HTTP " + status);
        }
        if (status >= 400 && status != 416 || status / 100 == 3) {
            response.body().close();
            throw HubResponseErrors.of(status, response.headers(), response.uri(), endpoint,
                    new HubRepoRef(repo, commit), file.path());
        }
        return response;
    }

    /**
     * Sends a GET and follows its redirects: a relative one (a renamed repository) keeps the token, one to
     * another host (the storage of LFS files) goes without it. The answer's {@code uri()} is the last address.
     */
    private <T> HttpResponse<T> send(URI uri, long offset, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        URI target = uri;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<T> response = http.send(request(target, offset).build(), body);
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty() || redirects == MAX_REDIRECTS) {
                return response;
            }
            if (response.body() instanceof InputStream unread) {
                unread.close();
            }
            target = target.resolve(location.get());
        }
    }

    private HttpRequest.Builder request(URI uri, long offset) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(ANSWER_TIMEOUT)
                // The sizes and hashes are of the raw bytes: no compressed answers.
                .header("Accept-Encoding", "identity")
                .header("User-Agent", "backdrop-hub-client");
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        if (endpoint.trusts(uri)) {
            endpoint.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        }
        return request;
    }
}
