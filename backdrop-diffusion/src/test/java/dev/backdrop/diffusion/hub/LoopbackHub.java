package dev.backdrop.diffusion.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.backdrop.model.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model hub on loopback with the routes, headers and error answers of the Hugging Face Hub's
 * public API, and a separate "CDN" server (its own port, so another host to the client) that serves
 * LFS files through signed-looking links the hub redirects to. It counts what it is asked and what
 * it sends, and can cut, shorten or corrupt the bodies it serves.
 */
public final class LoopbackHub implements AutoCloseable {

    private static final Pattern API = Pattern.compile("/api/models/([^/]+/[^/]+)/revision/([^/?]+)");
    private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.+)");
    private static final Pattern CDN = Pattern.compile("/repos/[0-9a-f]{2}/([0-9a-f]{64})");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final Set<String> LFS_EXTENSIONS = Set.of("safetensors", "bin", "onnx", "onnx_data", "ckpt");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer hub;
    private final HttpServer cdn;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, HostedRepo> repos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> lfsStore = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private volatile boolean ignoreRanges;
    private final Map<String, String> renamed = new ConcurrentHashMap<>();

    private final AtomicInteger listingRequests = new AtomicInteger();
    private final AtomicLong bodyBytesSent = new AtomicLong();
    private final Map<String, AtomicInteger> contentRequests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> contentBytes = new ConcurrentHashMap<>();
    private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    private final List<String> cdnAuthorizations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> hubAuthorizations = Collections.synchronizedList(new ArrayList<>());

    private LoopbackHub() throws IOException {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", this::handleHub);
        cdn.createContext("/", this::handleCdn);
        hub.setExecutor(threads);
        cdn.setExecutor(threads);
        hub.start();
        cdn.start();
    }

    public static LoopbackHub start() throws IOException {
        return new LoopbackHub();
    }

    /** What HF_ENDPOINT is set to. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    /** A repository on this hub, created on first use. */
    public HostedRepo repo(String id) {
        return repos.computeIfAbsent(id, HostedRepo::new);
    }

    /**
     * The next {@code times} bodies of {@code path} stop at byte {@code atByte} of the file by closing the
     * connection (a body that starts there or later stops at once).
     */
    public void cutConnection(String repo, String path, int times, long atByte) {
        faults.put(contentKey(repo, path), new Fault(FaultKind.CUT, times, atByte));
    }

    /** The next {@code times} bodies of {@code path} end cleanly (chunked, no length) at byte {@code atByte}. */
    public void shortenBody(String repo, String path, int times, long atByte) {
        faults.put(contentKey(repo, path), new Fault(FaultKind.SHORT, times, atByte));
    }

    /** The next {@code times} bodies of {@code path} go silent at byte {@code atByte}, the connection left open. */
    public void stall(String repo, String path, int times, long atByte) {
        faults.put(contentKey(repo, path), new Fault(FaultKind.STALL, times, atByte));
    }

    /** The next {@code times} requests for {@code path} are answered 503, as by an overloaded server. */
    public void busy(String repo, String path, int times) {
        faults.put(contentKey(repo, path), new Fault(FaultKind.BUSY, times, 0));
    }

    /** Every body of {@code path} has one byte changed (same length), so its hash does not match the listing. */
    public void corrupt(String repo, String path) {
        faults.put(contentKey(repo, path), new Fault(FaultKind.CORRUPT, Integer.MAX_VALUE, 0));
    }

    /** Requests for {@code oldId} are redirected (307, a relative address) to {@code newId}, as after a rename. */
    public void rename(String oldId, String newId) {
        renamed.put(oldId, newId);
    }

    /** From now on, Range headers are ignored: every body is the whole file with 200, as some proxies do. */
    public void ignoreRanges() {
        ignoreRanges = true;
    }

    public void heal() {
        faults.clear();
        ignoreRanges = false;
    }

    public int listingRequests() {
        return listingRequests.get();
    }

    /** Content requests (hub or CDN) for one repository path, any repository. */
    public int contentRequests(String path) {
        return contentRequests.getOrDefault(path, new AtomicInteger()).get();
    }

    public int contentRequests() {
        return contentRequests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Body bytes sent for one repository path. */
    public long contentBytes(String path) {
        return contentBytes.getOrDefault(path, new AtomicLong()).get();
    }

    public long bodyBytesSent() {
        return bodyBytesSent.get();
    }

    /** The Range headers of content requests, in order. */
    public List<String> ranges() {
        return List.copyOf(ranges);
    }

    /** The Authorization header of every CDN request ("" when there was none). */
    public List<String> cdnAuthorizations() {
        return List.copyOf(cdnAuthorizations);
    }

    /** The Authorization header of every hub request ("" when there was none). */
    public List<String> hubAuthorizations() {
        return List.copyOf(hubAuthorizations);
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
        threads.shutdownNow();
    }

    private void handleHub(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            hubAuthorizations.add(auth == null ? "" : auth);
            String path = exchange.getRequestURI().getRawPath();
            for (Map.Entry<String, String> rename : renamed.entrySet()) {
                for (String prefix : List.of("/api/models/", "/")) {
                    if (path.startsWith(prefix + rename.getKey() + "/")) {
                        String query = exchange.getRequestURI().getRawQuery();
                        exchange.getResponseHeaders().set("Location", prefix + rename.getValue()
                                + path.substring(prefix.length() + rename.getKey().length())
                                + (query == null ? "" : "?" + query));
                        exchange.sendResponseHeaders(307, -1);
                        return;
                    }
                }
            }
            Matcher api = API.matcher(path);
            Matcher resolve = RESOLVE.matcher(path);
            if (api.matches()) {
                listingRequests.incrementAndGet();
                listing(exchange, api.group(1), decode(api.group(2)));
            } else if (resolve.matches()) {
                resolve(exchange, resolve.group(1), decode(resolve.group(2)), decode(resolve.group(3)));
            } else {
                error(exchange, 404, null, "Not found");
            }
        }
    }

    /**
     * The commit a request for {@code repoId} at {@code revision} reads, or null once the hub's answer to
     * a bad token, a missing (or hidden) repository or a missing revision is sent.
     */
    private String commitOrRefuse(HttpExchange exchange, String repoId, String revision) throws IOException {
        String token = token(exchange);
        HostedRepo repo = repos.get(repoId);
        if (token != null && !token.startsWith("hf_")) {
            // Tokens of this hub start with hf_; anything else is refused as the hub refuses a bad token.
            error(exchange, 401, null, "Invalid credentials in Authorization header");
            return null;
        }
        if (repo == null || !repo.visibleTo(token)) {
            error(exchange, 401, "RepoNotFound", "Repository not found");
            return null;
        }
        String commit = repo.commitOf(revision);
        if (commit == null) {
            error(exchange, 404, "RevisionNotFound", "Invalid rev id: " + revision);
        }
        return commit;
    }

    private void listing(HttpExchange exchange, String repoId, String revision) throws IOException {
        String commit = commitOrRefuse(exchange, repoId, revision);
        if (commit == null) {
            return;
        }
        HostedRepo repo = repos.get(repoId);
        boolean blobs = "blobs=true".equals(exchange.getRequestURI().getRawQuery());
        ObjectNode info = JSON.createObjectNode().put("_id", Integer.toHexString(repoId.hashCode()))
                .put("id", repoId).put("modelId", repoId).put("sha", commit).put("private", false);
        if (repo.gated) {
            info.put("gated", "manual");
        } else {
            info.put("gated", false);
        }
        ArrayNode siblings = info.putArray("siblings");
        repo.files(commit).forEach((name, bytes) -> {
            ObjectNode sibling = siblings.addObject().put("rfilename", name);
            if (blobs) {
                sibling.put("blobId", blobId(name, bytes)).put("size", bytes.length);
                if (isLfs(name)) {
                    sibling.putObject("lfs").put("sha256", sha256(bytes)).put("size", bytes.length)
                            .put("pointerSize", pointer(bytes).length);
                }
            }
        });
        byte[] body = JSON.writeValueAsBytes(info);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void resolve(HttpExchange exchange, String repoId, String revision, String path) throws IOException {
        String commit = commitOrRefuse(exchange, repoId, revision);
        if (commit == null) {
            return;
        }
        HostedRepo repo = repos.get(repoId);
        String token = token(exchange);
        exchange.getResponseHeaders().set("X-Repo-Commit", commit);
        if (repo.gated && token == null) {
            error(exchange, 401, "GatedRepo", "Access to model " + repoId + " is restricted. You must have access"
                    + " to it and be authenticated to access it. Please log in.");
            return;
        }
        if (repo.gated && !repo.tokens.contains(token)) {
            error(exchange, 403, "GatedRepo", "Access to model " + repoId + " is restricted and you are not in the"
                    + " authorized list. Visit https://huggingface.co/" + repoId + " to ask for access.");
            return;
        }
        byte[] bytes = repo.files(commit).get(path);
        if (bytes == null) {
            error(exchange, 404, "EntryNotFound", "Entry not found");
            return;
        }
        if (isLfs(path)) {
            String sha = sha256(bytes);
            lfsStore.put(sha, bytes);
            exchange.getResponseHeaders().set("X-Linked-Etag", "\"" + sha + "\"");
            exchange.getResponseHeaders().set("X-Linked-Size", String.valueOf(bytes.length));
            exchange.getResponseHeaders().set("ETag", "\"" + blobId(path, bytes) + "\"");
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + cdn.getAddress().getPort()
                    + "/repos/" + sha.substring(0, 2) + "/" + sha + "?X-Amz-Signature=" + commit.substring(0, 16)
                    + "&response-content-disposition=attachment");
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        exchange.getResponseHeaders().set("ETag", "\"" + blobId(path, bytes) + "\"");
        serve(exchange, contentKey(repoId, path), path, bytes);
    }

    private void handleCdn(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            cdnAuthorizations.add(auth == null ? "" : auth);
            Matcher cdnPath = CDN.matcher(exchange.getRequestURI().getRawPath());
            byte[] bytes = cdnPath.matches() ? lfsStore.get(cdnPath.group(1)) : null;
            if (bytes == null || exchange.getRequestURI().getRawQuery() == null) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            serve(exchange, cdnPath.group(1), pathOfContent(cdnPath.group(1)), bytes);
        }
    }

    /** Serves a file's bytes with Range support, applying the fault set for it if any. */
    private void serve(HttpExchange exchange, String key, String path, byte[] bytes) throws IOException {
        contentRequests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        if (ignoreRanges) {
            range = null;
        }
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        int from = 0;
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches() || Long.parseLong(m.group(1)) >= bytes.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            from = Integer.parseInt(m.group(1));
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/"
                    + bytes.length);
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, from, bytes.length);
        Fault fault = faults.get(key);
        boolean applies = fault != null && fault.use();
        if (applies && fault.kind == FaultKind.BUSY) {
            exchange.getResponseHeaders().remove("Content-Range");
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        int status = range == null ? 200 : 206;
        if (applies && fault.kind == FaultKind.CORRUPT) {
            body[body.length / 2] ^= 0x5a;
        }
        int length = applies && fault.kind != FaultKind.CORRUPT
                ? (int) Math.max(0, Math.min(fault.atByte - from, body.length)) : body.length;
        exchange.sendResponseHeaders(status, applies && fault.kind == FaultKind.SHORT ? 0
                : body.length == 0 ? -1 : body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, length);
        out.flush();
        bodyBytesSent.addAndGet(length);
        contentBytes.computeIfAbsent(path, p -> new AtomicLong()).addAndGet(length);
        if (applies && fault.kind == FaultKind.STALL) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stalled connection given up");
        }
        if (applies && fault.kind == FaultKind.CUT) {
            // A handler that throws makes the server close the connection, mid-body here.
            throw new IOException("connection cut by the test after " + length + " bytes");
        }
    }

    private String pathOfContent(String sha) {
        for (HostedRepo repo : repos.values()) {
            for (Map<String, byte[]> files : repo.commits.values()) {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    if (isLfs(file.getKey()) && sha256(file.getValue()).equals(sha)) {
                        return file.getKey();
                    }
                }
            }
        }
        return sha;
    }

    /** Faults are keyed by what the server looks files up by: the LFS sha256 on the CDN, else repo and path. */
    private String contentKey(String repoId, String path) {
        HostedRepo repo = repo(repoId);
        byte[] bytes = repo.files(repo.commitOf("main")).get(path);
        return bytes != null && isLfs(path) ? sha256(bytes) : repoId + "/" + path;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        if (code != null) {
            exchange.getResponseHeaders().set("X-Error-Code", code);
        }
        exchange.getResponseHeaders().set("X-Error-Message", message);
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String token(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static boolean isLfs(String path) {
        return LFS_EXTENSIONS.contains(path.substring(path.lastIndexOf('.') + 1));
    }

    private static byte[] pointer(byte[] bytes) {
        return ("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256(bytes) + "\nsize " + bytes.length
                + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The git blob id: of the content for a plain file, of the LFS pointer for an LFS one. */
    static String blobId(String path, byte[] bytes) {
        byte[] stored = isLfs(path) ? pointer(bytes) : bytes;
        MessageDigest sha1 = digest("SHA-1");
        sha1.update(("blob " + stored.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(stored));
    }

    static String sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private enum FaultKind { CUT, SHORT, STALL, CORRUPT, BUSY }

    private static final class Fault {
        final FaultKind kind;
        final long atByte;
        private final AtomicInteger left;

        Fault(FaultKind kind, int times, long atByte) {
            this.kind = kind;
            this.left = new AtomicInteger(times);
            this.atByte = atByte;
        }

        boolean use() {
            return left.getAndDecrement() > 0;
        }
    }

    /** A repository: commits of files, branches and tags pointing at them, and who may read it. */
    public static final class HostedRepo {

        private final String id;
        private final Map<String, Map<String, byte[]>> commits = new ConcurrentHashMap<>();
        private final Map<String, String> refs = new ConcurrentHashMap<>();
        private final Set<String> tokens = ConcurrentHashMap.newKeySet();
        private volatile boolean gated;
        private volatile boolean isPrivate;

        private HostedRepo(String id) {
            this.id = id;
        }

        /** Commits {@code files} as the new head of {@code main}; returns the commit id. */
        public String commit(Map<String, byte[]> files) {
            return commit("main", files);
        }

        /** Every file under {@code folder}, by its path relative to the folder (a published layout on disk). */
        public static Map<String, byte[]> filesOf(java.nio.file.Path folder) throws IOException {
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(folder)) {
                for (java.nio.file.Path p : walk.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                    files.put(folder.relativize(p).toString().replace('\\', '/'), java.nio.file.Files.readAllBytes(p));
                }
            }
            return files;
        }

        public String commit(String branch, Map<String, byte[]> files) {
            String sha = HexFormat.of().formatHex(digest("SHA-1").digest((id + branch + commits.size())
                    .getBytes(StandardCharsets.UTF_8)));
            commits.put(sha, new LinkedHashMap<>(files));
            refs.put(branch, sha);
            return sha;
        }

        /** Users must accept the licence: files need the token of an account in {@code tokens}. */
        public HostedRepo gated(String... tokens) {
            this.gated = true;
            this.tokens.addAll(List.of(tokens));
            return this;
        }

        /** Only these tokens see the repository at all. */
        public HostedRepo privateTo(String... tokens) {
            this.isPrivate = true;
            this.tokens.addAll(List.of(tokens));
            return this;
        }

        /** Removes a file from the head of {@code main} without making a new commit (as if the hub lost it). */
        public void lose(String path) {
            commits.get(refs.get("main")).remove(path);
        }

        String commitOf(String revision) {
            return commits.containsKey(revision) ? revision : refs.get(revision);
        }

        Map<String, byte[]> files(String commit) {
            return commits.getOrDefault(commit, Map.of());
        }

        boolean visibleTo(String token) {
            return !isPrivate || tokens.contains(token);
        }
    }
}
