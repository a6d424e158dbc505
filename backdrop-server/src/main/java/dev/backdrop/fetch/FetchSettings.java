package dev.backdrop.fetch;

import dev.backdrop.image.ImageLimits;
import java.time.Duration;

/**
 * Limits on fetching one input URL.
 *
 * @param connectTimeout how long to wait for a connection to each host
 * @param timeout        how long the whole fetch may take, redirects and body included
 * @param maxBytes       the most body bytes read; a larger body is refused
 * @param maxRedirects   how many redirects are followed
 * @param allowList      hosts that skip the address policy
 */
public record FetchSettings(Duration connectTimeout, Duration timeout, long maxBytes, int maxRedirects,
                            HostAllowList allowList) {

    /** 5 s to connect, 20 s in all, the decoder's byte limit (25 MiB), 3 redirects, no host allowed. */
    public static final FetchSettings DEFAULT = new FetchSettings(
            Duration.ofSeconds(5), Duration.ofSeconds(20), ImageLimits.DEFAULT.maxBytes(), 3, HostAllowList.NONE);

    public FetchSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("fetch timeouts must be positive");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative, got " + maxRedirects);
        }
    }

    public FetchSettings withAllowList(HostAllowList list) {
        return new FetchSettings(connectTimeout, timeout, maxBytes, maxRedirects, list);
    }

    /** These settings with the hosts of a {@code --fetch-allow} value. */
    public FetchSettings withAllowedHosts(String commaSeparated) {
        return withAllowList(HostAllowList.parse(commaSeparated));
    }

    public FetchSettings withTimeouts(Duration connect, Duration total) {
        return new FetchSettings(connect, total, maxBytes, maxRedirects, allowList);
    }

    public FetchSettings withMaxBytes(long bytes) {
        return new FetchSettings(connectTimeout, timeout, bytes, maxRedirects, allowList);
    }

    public FetchSettings withMaxRedirects(int redirects) {
        return new FetchSettings(connectTimeout, timeout, maxBytes, redirects, allowList);
    }
}
