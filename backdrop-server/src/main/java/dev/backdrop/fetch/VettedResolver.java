package dev.backdrop.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a URL's host once and returns its addresses only if every one of them is allowed by
 * {@link AddressPolicy} (or the host is on the allow-list). The fetch then connects to exactly
 * these addresses, so a second, different answer from DNS can never be used.
 */
final class VettedResolver {

    private final HostResolver resolver;
    private final HostAllowList allowList;

    VettedResolver(HostResolver resolver, HostAllowList allowList) {
        this.resolver = resolver;
        this.allowList = allowList;
    }

    /**
     * @param host a URL's host as {@link okhttp3.HttpUrl#host()} gives it
     * @throws UrlRefusedException if an address is refused
     * @throws UrlFetchException   if the host does not resolve
     */
    List<InetAddress> resolve(String host) {
        boolean literal = isIpLiteral(host);
        List<InetAddress> addresses = literal ? List.of(literalAddress(host)) : lookUp(host);
        if (allowList.permits(host)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = AddressPolicy.refusal(address);
            if (refusal.isPresent()) {
                String shown = AddressPolicy.text(address.getAddress());
                String allow = " (the server's operator can allow this host with serve --fetch-allow " + host + ")";
                throw new UrlRefusedException(literal
                        ? "URL host " + host + " is " + refusal.get() + "; only public addresses are fetched" + allow
                        : "URL host '" + host + "' resolves to " + shown + ", " + refusal.get()
                                + "; only public addresses are fetched" + allow);
            }
        }
        return addresses;
    }

    private List<InetAddress> lookUp(String host) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UrlFetchException("URL host '" + host + "' could not be resolved", e);
        }
        if (addresses.isEmpty()) {
            throw new UrlFetchException("URL host '" + host + "' has no address");
        }
        return List.copyOf(addresses);
    }

    /** A canonical URL host is an IP literal when it is IPv6 (has a colon) or numeric as inet_aton reads it. */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || Ipv4Literal.numeric(host);
    }

    private static InetAddress literalAddress(String host) {
        try {
            if (host.indexOf(':') >= 0) {
                // The JDK parses a text with a colon as an IPv6 literal only, never as a name to look up.
                return InetAddress.getByName(host);
            }
            return Ipv4Literal.address(host);
        } catch (UnknownHostException e) {
            throw new InvalidUrlException("URL host " + host + " is not a valid IP address");
        }
    }
}
