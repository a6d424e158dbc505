package dev.backdrop.fetch;

import dev.backdrop.image.ImageFormat;
import dev.backdrop.image.ImageTooLargeException;
import dev.backdrop.image.UnsupportedImageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Fetches input images from http and https URLs without letting a caller reach the server's own
 * network. For each URL (the first and every redirect target) the host is resolved once, every
 * address is checked by {@link AddressPolicy}, and the connection goes to exactly those addresses.
 * Redirects are followed here, not by the HTTP client, so each one is checked the same way.
 * The body is limited in size and time, and its format is recognised from its bytes; the
 * declared Content-Type is only reported.
 *
 * <p>Thread-safe; one instance serves the whole server.
 */
public final class UrlFetcher implements AutoCloseable {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final String USER_AGENT = "Backdrop (input image fetch)";

    private final FetchSettings settings;
    private final VettedResolver resolver;
    private final OkHttpClient client;
    private final ExecutorService lookups = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "backdrop-url-lookup");
        thread.setDaemon(true);
        return thread;
    });

    /** A fetcher that resolves names with the system's resolver. */
    public UrlFetcher(FetchSettings settings) {
        this(settings, HostResolver.SYSTEM);
    }

    public UrlFetcher(FetchSettings settings, HostResolver hostResolver) {
        this.settings = settings;
        this.resolver = new VettedResolver(hostResolver, settings.allowList());
        this.client = new OkHttpClient.Builder()
                // A proxy would resolve the host itself, after our check.
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.timeout())
                // Each fetch pins its own addresses, so a pooled connection is never reused; keep none.
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
    }

    public FetchSettings settings() {
        return settings;
    }

    /**
     * Fetches an image.
     *
     * @throws InvalidUrlException        (400) the text is not an absolute URL
     * @throws UrlRefusedException        (400) the scheme, user info or an address is not allowed, here or after a redirect
     * @throws UrlFetchException          (400) unresolvable host, connection failure, timeout, error status, too many redirects
     * @throws ImageTooLargeException     (413) the body is over {@link FetchSettings#maxBytes()}
     * @throws UnsupportedImageException  (415) the body is not an image Backdrop reads
     */
    public FetchedImage fetch(String url) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        HttpUrl current = parse(url);
        for (int redirects = 0; ; redirects++) {
            try (Response response = call(current, deadline)) {
                if (REDIRECTS.contains(response.code())) {
                    if (redirects == settings.maxRedirects()) {
                        throw new UrlFetchException("fetching the URL took more than " + settings.maxRedirects()
                                + " redirects (the last one from " + current.host() + ")");
                    }
                    current = redirectTarget(current, response);
                    continue;
                }
                if (!response.isSuccessful()) {
                    // The status code alone: the reason phrase is the upstream's text, not ours to repeat.
                    throw new UrlFetchException("the server at " + current.host() + " answered HTTP status "
                            + response.code() + " instead of an image");
                }
                return read(current, response);
            }
        }
    }

    /**
     * Checks a URL Backdrop will call later (a webhook): an absolute http(s) URL whose host is, or
     * resolves only to, addresses the policy allows. Nothing is sent.
     *
     * @throws InvalidUrlException (400) the text is not an absolute URL
     * @throws UrlRefusedException (400) the scheme, user info or an address is not allowed
     * @throws UrlFetchException   (400) the host does not resolve in time
     */
    public void check(String url) {
        HttpUrl parsed = parse(url);
        resolveBefore(parsed, System.nanoTime() + settings.timeout().toNanos());
    }

    /**
     * POSTs {@code body} to {@code url} under the same address policy as fetches, within
     * {@code timeout}; redirects are not followed (a 3xx is returned as it is). Only the status is
     * read: the answer's body is discarded.
     *
     * @return the HTTP status code of the answer
     * @throws UrlRefusedException (400) the URL or one of its addresses is not allowed
     * @throws UrlFetchException   (400) no answer: unresolvable host, connection failure, timeout
     */
    public int post(String url, String contentType, byte[] body, Map<String, String> headers, Duration timeout) {
        HttpUrl parsed = parse(url);
        Request.Builder request = new Request.Builder()
                .url(parsed)
                .header("User-Agent", "Backdrop (webhook)")
                .post(RequestBody.create(body, MediaType.get(contentType)));
        headers.forEach(request::header);
        try (Response response = call(request.build(), System.nanoTime() + timeout.toNanos())) {
            return response.code();
        }
    }

    /** Parses a URL, refusing every scheme but http and https and any URL with a user name or password. */
    static HttpUrl parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Matcher scheme = SCHEME.matcher(trimmed);
        if (!scheme.find()) {
            throw new InvalidUrlException("'" + shorten(trimmed) + "' is not an absolute http or https URL");
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        if (!name.equals("http") && !name.equals("https")) {
            throw new UrlRefusedException("only http and https URLs are fetched, not " + name + ": URLs");
        }
        HttpUrl url = HttpUrl.parse(trimmed);
        if (url == null) {
            throw new InvalidUrlException("'" + shorten(trimmed) + "' is not a valid URL");
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new UrlRefusedException("URLs with a user name or password are not fetched");
        }
        return url;
    }

    private Response call(HttpUrl url, long deadline) {
        return call(new Request.Builder()
                .url(url)
                .header("Accept", "image/png,image/jpeg,image/webp,image/bmp,image/tiff,image/*;q=0.8,*/*;q=0.5")
                .header("User-Agent", USER_AGENT)
                .get()
                .build(), deadline);
    }

    private Response call(Request request, long deadline) {
        HttpUrl url = request.url();
        List<InetAddress> addresses = resolveBefore(url, deadline);
        long remainingMillis = remainingMillis(deadline);
        if (remainingMillis <= 0) {
            throw timedOut(url, null);
        }
        String host = url.host();
        Dns pinned = name -> {
            if (name.equals(host)) {
                return addresses;
            }
            throw new UnknownHostException(name + " was not checked");
        };
        OkHttpClient pinnedClient = client.newBuilder()
                .dns(pinned)
                .callTimeout(Duration.ofMillis(remainingMillis))
                .build();
        try {
            return pinnedClient.newCall(request).execute();
        } catch (InterruptedIOException e) {
            throw timedOut(url, e);
        } catch (IOException e) {
            throw new UrlFetchException("could not fetch the URL from " + url.host() + ": " + describe(e), e);
        }
    }

    /** Resolves and checks the host; the system resolver cannot be interrupted, so it runs apart and is not awaited past the deadline. */
    private List<InetAddress> resolveBefore(HttpUrl url, long deadline) {
        long remainingMillis = remainingMillis(deadline);
        if (remainingMillis <= 0) {
            throw timedOut(url, null);
        }
        Future<List<InetAddress>> lookup = lookups.submit(() -> resolver.resolve(url.host()));
        try {
            return lookup.get(remainingMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw timedOut(url, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException typed) {
                throw typed;
            }
            throw new UrlFetchException("could not resolve URL host '" + url.host() + "'", e.getCause());
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new UrlFetchException("fetching the URL from " + url.host() + " was interrupted", e);
        }
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private HttpUrl redirectTarget(HttpUrl from, Response response) {
        String location = response.header("Location");
        if (location == null || location.isBlank()) {
            throw new UrlFetchException("the server at " + from.host() + " answered " + response.code()
                    + " without saying where to (no Location header)");
        }
        HttpUrl target;
        try {
            target = SCHEME.matcher(location.trim()).find() ? parse(location) : from.resolve(location.trim());
        } catch (InvalidUrlException e) {
            target = null;
        }
        if (target == null) {
            throw new UrlFetchException("the server at " + from.host() + " redirected to an invalid URL");
        }
        if (!target.username().isEmpty() || !target.password().isEmpty()) {
            throw new UrlRefusedException("URLs with a user name or password are not fetched (after a redirect from "
                    + from.host() + ")");
        }
        return target;
    }

    private FetchedImage read(HttpUrl url, Response response) {
        ResponseBody body = response.body();
        long max = settings.maxBytes();
        if (body.contentLength() > max) {
            throw tooLarge(url, body.contentLength() + " bytes");
        }
        byte[] bytes;
        try {
            BufferedSource source = body.source();
            // Buffer at most one byte past the limit: enough to know the body is too large.
            if (source.request(max + 1)) {
                throw tooLarge(url, "more than " + max + " bytes");
            }
            bytes = source.readByteArray();
        } catch (InterruptedIOException e) {
            throw timedOut(url, e);
        } catch (IOException e) {
            throw new UrlFetchException("reading the image from " + url.host() + " failed: " + describe(e), e);
        }
        Optional<String> declared = Optional.ofNullable(response.header("Content-Type"));
        ImageFormat format = ImageFormat.detect(bytes).orElseThrow(() -> new UnsupportedImageException(
                "the URL's content is not an image in a format Backdrop reads (PNG, JPEG, WebP, BMP, TIFF)"
                        + declared.map(type -> "; it was served as " + type).orElse("")));
        return new FetchedImage(bytes, format, declared, url.uri());
    }

    private ImageTooLargeException tooLarge(HttpUrl url, String size) {
        return new ImageTooLargeException("the image at " + url.host() + " is " + size + "; the limit is "
                + settings.maxBytes() + " bytes");
    }

    private UrlFetchException timedOut(HttpUrl url, Throwable cause) {
        String message = "fetching the URL from " + url.host() + " timed out (the limit is "
                + settings.connectTimeout().toMillis() / 1000.0 + " s to connect, "
                + settings.timeout().toMillis() / 1000.0 + " s in all)";
        return cause == null ? new UrlFetchException(message) : new UrlFetchException(message, cause);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    @Override
    public void close() {
        lookups.shutdownNow();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
