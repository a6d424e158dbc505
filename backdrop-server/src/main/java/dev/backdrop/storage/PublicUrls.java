package dev.backdrop.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Absolute URLs of stored files as clients should fetch them: {@code <public-url>/files/<key>}.
 * The base is {@code --public-url} when the server sits behind a proxy or CDN, otherwise the
 * address it listens on.
 */
public final class PublicUrls {

    /** The path under which the server answers for stored files. */
    public static final String FILES_PATH = "/files/";

    private final String base;

    private PublicUrls(String base) {
        this.base = base;
    }

    /** From {@code --public-url}, e.g. {@code https://img.example.com} or {@code https://example.com/backdrop/}. */
    public static PublicUrls parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            URI uri = new URI(text.strip());
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null) {
                String trimmed = uri.toString();
                while (trimmed.endsWith("/")) {
                    trimmed = trimmed.substring(0, trimmed.length() - 1);
                }
                return new PublicUrls(trimmed);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidStorageSettingsException("--public-url '" + text
                + "' must be an http:// or https:// URL with a host and no query, e.g. https://img.example.com.");
    }

    /** The default: {@code http://HOST:PORT} of the listener, with wildcard hosts shown as {@code localhost}. */
    public static PublicUrls forListener(String host, int port) {
        String shown = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")
                || host.equals("[::]") ? "localhost" : host;
        if (shown.contains(":") && !shown.startsWith("[")) {
            shown = "[" + shown + "]";
        }
        return parse("http://" + shown + ":" + port);
    }

    /** The base without a trailing slash. */
    public String base() {
        return base;
    }

    /** The URL of the file stored under {@code key}; keys need no escaping ({@link ObjectKey}). */
    public String fileUrl(String key) {
        return base + FILES_PATH + ObjectKey.of(key).value();
    }

    @Override
    public String toString() {
        return base;
    }
}
