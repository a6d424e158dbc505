package dev.backdrop.fetch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/**
 * Hosts whose URLs are fetched whatever addresses they resolve to, so that a local deployment (or
 * a test) can fetch from its own network. Hosts match exactly, ignoring case; an IP literal
 * matches a URL that names that address. Empty by default.
 *
 * @param hosts host names and IP literals in the canonical form of a URL's host (lower case, IPv6
 *              without brackets)
 */
public record HostAllowList(Set<String> hosts) {

    public static final HostAllowList NONE = new HostAllowList(Set.of());

    public HostAllowList {
        hosts = Set.copyOf(hosts);
    }

    /**
     * Parses the text of {@code --fetch-allow}: hosts separated by commas, e.g.
     * {@code images.local,127.0.0.1,[::1]}. Blank text gives the empty list.
     *
     * @throws IllegalArgumentException if an entry is not a bare host (it has a port, a path or a scheme)
     */
    public static HostAllowList parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return NONE;
        }
        return new HostAllowList(Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(HostAllowList::canonicalHost)
                .collect(Collectors.toSet()));
    }

    /** Whether a URL's host (as {@link HttpUrl#host()} gives it) is on the list. */
    public boolean permits(String host) {
        return hosts.contains(host.toLowerCase(Locale.ROOT));
    }

    public boolean isEmpty() {
        return hosts.isEmpty();
    }

    /** Canonicalises an entry the way a URL's host is canonicalised, so that both compare equal. */
    private static String canonicalHost(String entry) {
        String host = entry;
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        long colons = host.chars().filter(c -> c == ':').count();
        if (!bracketed && colons > 1) {
            host = "[" + host + "]";
        } else if (!bracketed && colons == 1) {
            throw new IllegalArgumentException("fetch allow-list entry '" + entry + "' has a port; give the host alone");
        }
        if (host.chars().anyMatch(c -> c == '/' || c == '?' || c == '#' || c == '@' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("fetch allow-list entry '" + entry + "' is not a host name or IP address");
        }
        HttpUrl url = HttpUrl.parse("http://" + host + "/");
        if (url == null) {
            throw new IllegalArgumentException("fetch allow-list entry '" + entry + "' is not a host name or IP address");
        }
        return url.host();
    }
}
