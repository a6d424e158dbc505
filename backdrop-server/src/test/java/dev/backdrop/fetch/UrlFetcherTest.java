package dev.backdrop.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.image.ImageTooLargeException;
import dev.backdrop.image.UnsupportedImageException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fetches from real HTTP servers on loopback. The allowed server listens on 127.0.0.1, which is on
 * the allow-list; the targets that must be refused (127.0.0.2 and ::1, not on the list) are plain
 * listening sockets whose backlog shows whether anything ever connected to them. No test sends
 * traffic anywhere but 127.0.0.0/8 and ::1, and host names come from a fixed table, never from DNS.
 */
class UrlFetcherTest {

    private static final byte[] PNG = png();
    private static final byte[] HTML = "<!doctype html><html><body>not an image</body></html>"
            .getBytes(StandardCharsets.UTF_8);

    private static HttpServer server;
    private static ExecutorService executor;
    private static int port;
    private static String base;
    private static final CountDownLatch release = new CountDownLatch(1);
    private static final List<String> requests = new CopyOnWriteArrayList<>();
    private static final Map<String, String> hostHeaders = new ConcurrentHashMap<>();

    private final AtomicInteger lookups = new AtomicInteger();
    /** Names used by the tests; anything else is unknown, so no test depends on (or sends to) real DNS. */
    private final HostResolver table = host -> {
        lookups.incrementAndGet();
        return switch (host) {
            case "images.test" -> List.of(InetAddress.getByName("127.0.0.1"));
            case "sneaky.test" -> List.of(InetAddress.getByName("127.0.0.2"));
            case "slow.test" -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield List.of(InetAddress.getByName("127.0.0.1"));
            }
            default -> throw new UnknownHostException(host);
        };
    };

    private final FetchSettings settings = FetchSettings.DEFAULT
            .withAllowedHosts("127.0.0.1,images.test")
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));

    @BeforeAll
    static void startServer() throws IOException {
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", UrlFetcherTest::serve);
        server.start();
        port = server.getAddress().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopServer() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    @BeforeEach
    void forgetRequests() {
        requests.clear();
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        hostHeaders.put(path, String.valueOf(exchange.getRequestHeaders().getFirst("Host")));
        try (exchange) {
            if (path.equals("/png-as-text")) {
                send(exchange, 200, "text/plain", PNG);
            } else if (path.equals("/no-type")) {
                send(exchange, 200, null, PNG);
            } else if (path.equals("/html-as-png")) {
                send(exchange, 200, "image/png", HTML);
            } else if (path.equals("/empty")) {
                send(exchange, 200, "image/png", new byte[0]);
            } else if (path.startsWith("/exact/")) {
                send(exchange, 200, "image/png", pngOfSize(Integer.parseInt(path.substring(7))));
            } else if (path.startsWith("/chunked/")) {
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, 0);
                byte[] body = pngOfSize(Integer.parseInt(path.substring(9)));
                for (int i = 0; i < body.length; i += 100) {
                    exchange.getResponseBody().write(body, i, Math.min(100, body.length - i));
                    exchange.getResponseBody().flush();
                }
            } else if (path.startsWith("/gzip/")) {
                ByteArrayOutputStream packed = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
                    gzip.write(pngOfSize(Integer.parseInt(path.substring(6))));
                }
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                send(exchange, 200, "image/png", packed.toByteArray());
            } else if (path.equals("/stall-body")) {
                exchange.sendResponseHeaders(200, PNG.length * 2L);
                exchange.getResponseBody().write(PNG);
                exchange.getResponseBody().flush();
                awaitRelease();
            } else if (path.equals("/stall-headers")) {
                awaitRelease();
            } else if (path.equals("/missing")) {
                send(exchange, 404, "text/plain", "no such image".getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/hops/")) {
                int left = Integer.parseInt(path.substring(6));
                if (left == 0) {
                    send(exchange, 200, "image/png", PNG);
                } else {
                    redirect(exchange, 302, "/hops/" + (left - 1));
                }
            } else if (path.equals("/to")) {
                String query = exchange.getRequestURI().getRawQuery();
                redirect(exchange, 307, URLDecoder.decode(query.substring(2), StandardCharsets.UTF_8));
            } else if (path.equals("/no-location")) {
                exchange.sendResponseHeaders(302, -1);
            } else {
                send(exchange, 404, "text/plain", new byte[0]);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
    }

    private static void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private UrlFetcher fetcher() {
        return new UrlFetcher(settings, table);
    }

    // --- allowed fetches and sniffing ---

    @Test
    void fetchesFromAnAllowedHostAndSniffsTheFormat() {
        try (UrlFetcher fetcher = fetcher()) {
            FetchedImage image = fetcher.fetch(base + "/png-as-text");
            assertThat(image.bytes()).isEqualTo(PNG);
            assertThat(image.format()).isEqualTo(ImageFormat.PNG);
            assertThat(image.declaredContentType()).contains("text/plain");
            assertThat(image.finalUrl()).hasToString(base + "/png-as-text");
        }
    }

    @Test
    void aMissingContentTypeIsFine() {
        try (UrlFetcher fetcher = fetcher()) {
            FetchedImage image = fetcher.fetch(base + "/no-type");
            assertThat(image.format()).isEqualTo(ImageFormat.PNG);
            assertThat(image.declaredContentType()).isEmpty();
        }
    }

    @Test
    void refusesHtmlServedAsAnImage() {
        try (UrlFetcher fetcher = fetcher()) {
            assertThatThrownBy(() -> fetcher.fetch(base + "/html-as-png"))
                    .isInstanceOf(UnsupportedImageException.class)
                    .hasMessageContaining("not an image")
                    .hasMessageContaining("served as image/png");
            assertThatThrownBy(() -> fetcher.fetch(base + "/empty")).isInstanceOf(UnsupportedImageException.class);
        }
    }

    @Test
    void connectsToTheAddressTheNameWasResolvedToOnce() {
        try (UrlFetcher fetcher = fetcher()) {
            FetchedImage image = fetcher.fetch("http://images.test:" + port + "/png-as-text");
            assertThat(image.format()).isEqualTo(ImageFormat.PNG);
            assertThat(lookups).hasValue(1);
            // The request still names the host, not the address it was pinned to.
            assertThat(hostHeaders.get("/png-as-text")).isEqualTo("images.test:" + port);
        }
    }

    // --- limits ---

    @Test
    void takesABodyOfExactlyTheLimit() {
        try (UrlFetcher fetcher = new UrlFetcher(settings.withMaxBytes(1000), table)) {
            assertThat(fetcher.fetch(base + "/exact/1000").bytes()).hasSize(1000);
            assertThat(fetcher.fetch(base + "/chunked/1000").bytes()).hasSize(1000);
        }
    }

    @Test
    void refusesABodyOverTheLimitWhetherDeclaredOrNot() {
        try (UrlFetcher fetcher = new UrlFetcher(settings.withMaxBytes(1000), table)) {
            assertThatThrownBy(() -> fetcher.fetch(base + "/exact/1001"))
                    .isInstanceOf(ImageTooLargeException.class)
                    .hasMessageContaining("1001 bytes")
                    .hasMessageContaining("the limit is 1000 bytes");
            assertThatThrownBy(() -> fetcher.fetch(base + "/chunked/50000"))
                    .isInstanceOf(ImageTooLargeException.class)
                    .hasMessageContaining("more than 1000 bytes");
        }
    }

    @Test
    void limitsACompressedBodyByItsDecompressedSize() {
        try (UrlFetcher fetcher = new UrlFetcher(settings.withMaxBytes(1000), table)) {
            assertThat(fetcher.fetch(base + "/gzip/1000").bytes()).hasSize(1000);
            // About 40 bytes on the wire, ten megabytes unpacked.
            assertThatThrownBy(() -> fetcher.fetch(base + "/gzip/10000000"))
                    .isInstanceOf(ImageTooLargeException.class)
                    .hasMessageContaining("more than 1000 bytes");
        }
    }

    @Test
    void givesUpOnAServerThatStalls() {
        FetchSettings quick = settings.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(700));
        try (UrlFetcher fetcher = new UrlFetcher(quick, table)) {
            for (String path : List.of("/stall-body", "/stall-headers")) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> fetcher.fetch(base + path))
                        .isInstanceOf(UrlFetchException.class)
                        .hasMessageContaining("timed out");
                // Well over the timeouts, for a loaded machine; the server would stall until the test ends.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            }
        }
    }

    @Test
    void aSlowLookupCountsAgainstTheTimeout() {
        FetchSettings quick = settings.withAllowedHosts("slow.test")
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500));
        try (UrlFetcher fetcher = new UrlFetcher(quick, table)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> fetcher.fetch("http://slow.test:" + port + "/png-as-text"))
                    .isInstanceOf(UrlFetchException.class)
                    .hasMessageContaining("timed out");
            // Under the lookup's 10 s, with room for a loaded machine.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(requests).isEmpty();
        }
    }

    @Test
    void reportsTheUpstreamStatus() {
        try (UrlFetcher fetcher = fetcher()) {
            assertThatThrownBy(() -> fetcher.fetch(base + "/missing"))
                    .isInstanceOf(UrlFetchException.class)
                    .hasMessageContaining("answered HTTP status 404");
            assertThatThrownBy(() -> fetcher.fetch(base + "/no-location"))
                    .isInstanceOf(UrlFetchException.class)
                    .hasMessageContaining("no Location header");
        }
    }

    // --- redirects ---

    @Test
    void followsUpToThreeRedirects() {
        try (UrlFetcher fetcher = fetcher()) {
            FetchedImage image = fetcher.fetch(base + "/hops/3");
            assertThat(image.bytes()).isEqualTo(PNG);
            assertThat(image.finalUrl()).hasToString(base + "/hops/0");
            assertThat(requests).containsExactly("/hops/3", "/hops/2", "/hops/1", "/hops/0");
        }
    }

    @Test
    void refusesAFourthRedirect() {
        try (UrlFetcher fetcher = fetcher()) {
            assertThatThrownBy(() -> fetcher.fetch(base + "/hops/4"))
                    .isInstanceOf(UrlFetchException.class)
                    .hasMessageContaining("more than 3 redirects");
            assertThat(requests).containsExactly("/hops/4", "/hops/3", "/hops/2", "/hops/1");
        }
    }

    @Test
    void followsAnAbsoluteRedirectToAnAllowedHost() {
        try (UrlFetcher fetcher = fetcher()) {
            FetchedImage image = fetcher.fetch(redirectTo("http://images.test:" + port + "/png-as-text"));
            assertThat(image.finalUrl()).hasToString("http://images.test:" + port + "/png-as-text");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "gopher://127.0.0.1:70/_x", "ftp://127.0.0.1/a.png",
        "http://user:secret@127.0.0.1/a.png"})
    void refusesARedirectToAnotherSchemeOrToCredentials(String target) {
        try (UrlFetcher fetcher = fetcher()) {
            assertThatThrownBy(() -> fetcher.fetch(redirectTo(target))).isInstanceOf(UrlRefusedException.class);
            assertThat(requests).containsExactly("/to");
        }
    }

    // --- refused targets are never connected to ---

    @Test
    void refusesLoopbackAddressesThatAreNotAllowedWithoutConnecting() throws IOException {
        try (ServerSocket sink = listen("127.0.0.2"); UrlFetcher fetcher = fetcher()) {
            String target = "http://127.0.0.2:" + sink.getLocalPort() + "/a.png";
            assertThatThrownBy(() -> fetcher.fetch(target))
                    .isInstanceOf(UrlRefusedException.class)
                    .hasMessageContaining("127.0.0.2 is a loopback address");
            assertThatThrownBy(() -> fetcher.fetch(redirectTo(target)))
                    .isInstanceOf(UrlRefusedException.class)
                    .hasMessageContaining("127.0.0.2 is a loopback address");
            assertThatThrownBy(() -> fetcher.fetch("http://sneaky.test:" + sink.getLocalPort() + "/a.png"))
                    .isInstanceOf(UrlRefusedException.class)
                    .hasMessageContaining("'sneaky.test' resolves to 127.0.0.2, a loopback address");
            assertThatThrownBy(() -> fetcher.fetch(redirectTo("http://sneaky.test:" + sink.getLocalPort() + "/")))
                    .isInstanceOf(UrlRefusedException.class);
            assertNeverConnected(sink);
        }
    }

    @Test
    void refusesIpv6LoopbackWithoutConnecting() throws IOException {
        ServerSocket sink;
        try {
            sink = listen("::1");
        } catch (IOException e) {
            sink = null;
        }
        assumeTrue(sink != null, "this machine has no IPv6 loopback");
        try (ServerSocket listening = sink; UrlFetcher fetcher = fetcher()) {
            String target = "http://[::1]:" + listening.getLocalPort() + "/a.png";
            assertThatThrownBy(() -> fetcher.fetch(target))
                    .isInstanceOf(UrlRefusedException.class)
                    .hasMessageContaining("::1 is a loopback address");
            assertThatThrownBy(() -> fetcher.fetch(redirectTo(target))).isInstanceOf(UrlRefusedException.class);
            assertThatThrownBy(() -> fetcher.fetch("http://[0:0:0:0:0:0:0:1]:" + listening.getLocalPort() + "/"))
                    .isInstanceOf(UrlRefusedException.class);
            assertNeverConnected(listening);
        }
    }

    /** Shows that the sink does see a connection, so that {@link #assertNeverConnected} means something. */
    @Test
    void anAllowedLoopbackTargetIsConnectedTo() throws IOException {
        FetchSettings allowing = settings.withAllowedHosts("127.0.0.2")
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500));
        try (ServerSocket sink = listen("127.0.0.2"); UrlFetcher fetcher = new UrlFetcher(allowing, table)) {
            assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.2:" + sink.getLocalPort() + "/a.png"))
                    .isInstanceOf(UrlFetchException.class)
                    .hasMessageContaining("timed out");
            sink.setSoTimeout(2000);
            sink.accept().close();
        }
    }

    @Test
    void theDefaultSettingsRefuseEveryLocalServer() {
        try (UrlFetcher fetcher = new UrlFetcher(FetchSettings.DEFAULT, table)) {
            assertThatThrownBy(() -> fetcher.fetch(base + "/png-as-text"))
                    .isInstanceOf(UrlRefusedException.class)
                    .hasMessageContaining("127.0.0.1 is a loopback address");
            assertThat(requests).isEmpty();
        }
    }

    // --- URL shapes ---

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "FILE:/etc/passwd", "ftp://127.0.0.1/a.png",
        "gopher://127.0.0.1:70/_GET", "data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)",
        "jar:http://127.0.0.1/a.jar!/a.png"})
    void refusesSchemesOtherThanHttpAndHttps(String url) {
        try (UrlFetcher fetcher = fetcher()) {
            assertThatThrownBy(() -> fetcher.fetch(url))
                    .isInstanceOf(UrlRefusedException.class)
                    .hasMessageContaining("only http and https URLs are fetched");
        }
    }

    @Test
    void refusesUserInfo() {
        try (UrlFetcher fetcher = fetcher()) {
            assertThatThrownBy(() -> fetcher.fetch("http://user:pw@127.0.0.1:" + port + "/png-as-text"))
                    .isInstanceOf(UrlRefusedException.class)
                    .hasMessageContaining("user name or password");
            assertThat(requests).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a url", "/relative/a.png", "http://", "http://[::1/a.png"})
    void refusesTextThatIsNoUrl(String text) {
        try (UrlFetcher fetcher = fetcher()) {
            assertThatThrownBy(() -> fetcher.fetch(text)).isInstanceOf(InvalidUrlException.class);
        }
    }

    @Test
    void anUnknownHostFailsToFetch() {
        try (UrlFetcher fetcher = fetcher()) {
            assertThatThrownBy(() -> fetcher.fetch("http://unknown.test/a.png"))
                    .isInstanceOf(UrlFetchException.class)
                    .hasMessageContaining("could not be resolved");
        }
    }

    @Test
    void typedErrorsCarryStableCodes() {
        assertThat(new UrlRefusedException("x").code()).isEqualTo("url_not_allowed");
        assertThat(new UrlFetchException("x").code()).isEqualTo("url_fetch_failed");
        assertThat(new InvalidUrlException("x").code()).isEqualTo("invalid_url");
    }

    // --- helpers ---

    private static String redirectTo(String target) {
        return base + "/to?u=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    private static ServerSocket listen(String address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
        return socket;
    }

    /** A connection, even one nobody accepted, waits in the backlog; accept finds it. */
    private static void assertNeverConnected(ServerSocket sink) throws IOException {
        sink.setSoTimeout(300);
        assertThatThrownBy(sink::accept).isInstanceOf(SocketTimeoutException.class);
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xFF8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A body that starts like a PNG, of an exact size. */
    private static byte[] pngOfSize(int size) {
        byte[] body = Arrays.copyOf(PNG, size);
        return body;
    }
}
