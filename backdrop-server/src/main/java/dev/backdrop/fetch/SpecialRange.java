package dev.backdrop.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Address blocks that an input URL must never reach: the special-purpose blocks of the IANA
 * registries that are not public unicast, plus the cloud metadata endpoints. Listed most specific
 * first, so that the first block containing an address gives the most useful reason.
 */
enum SpecialRange {
    CLOUD_METADATA("169.254.169.254/32", "a cloud metadata address"),
    ALIBABA_METADATA("100.100.100.200/32", "a cloud metadata address"),
    THIS_NETWORK("0.0.0.0/8", "a \"this network\" address"),
    PRIVATE_10("10.0.0.0/8", "a private address"),
    SHARED_NAT("100.64.0.0/10", "a carrier-grade NAT (shared) address"),
    LOOPBACK("127.0.0.0/8", "a loopback address"),
    LINK_LOCAL("169.254.0.0/16", "a link-local address"),
    PRIVATE_172("172.16.0.0/12", "a private address"),
    IETF_PROTOCOL("192.0.0.0/24", "an IETF protocol address"),
    DOCUMENTATION_1("192.0.2.0/24", "a documentation address"),
    RELAY_6TO4("192.88.99.0/24", "a 6to4 relay address"),
    PRIVATE_192("192.168.0.0/16", "a private address"),
    BENCHMARKING("198.18.0.0/15", "a benchmarking address"),
    DOCUMENTATION_2("198.51.100.0/24", "a documentation address"),
    DOCUMENTATION_3("203.0.113.0/24", "a documentation address"),
    MULTICAST("224.0.0.0/4", "a multicast address"),
    BROADCAST("255.255.255.255/32", "the broadcast address"),
    RESERVED("240.0.0.0/4", "a reserved address"),

    UNSPECIFIED_V6("::/128", "the unspecified address"),
    LOOPBACK_V6("::1/128", "a loopback address"),
    CLOUD_METADATA_V6("fd00:ec2::254/128", "a cloud metadata address"),
    LOCAL_NAT64("64:ff9b:1::/48", "a local-use NAT64 address"),
    DISCARD_V6("100::/64", "a discard-only address"),
    TEREDO("2001::/32", "a Teredo tunnel address"),
    BENCHMARKING_V6("2001:2::/48", "a benchmarking address"),
    // The rest of the IETF block holds a few anycast services, none of which serves images.
    IETF_PROTOCOL_V6("2001::/23", "an IETF protocol address"),
    DOCUMENTATION_V6("2001:db8::/32", "a documentation address"),
    DOCUMENTATION_V6_2("3fff::/20", "a documentation address"),
    UNIQUE_LOCAL("fc00::/7", "a unique-local address"),
    LINK_LOCAL_V6("fe80::/10", "a link-local address"),
    SITE_LOCAL("fec0::/10", "a site-local address"),
    MULTICAST_V6("ff00::/8", "a multicast address");

    private final String cidr;
    private final byte[] prefix;
    private final int bits;
    private final String description;

    SpecialRange(String cidr, String description) {
        int slash = cidr.indexOf('/');
        this.cidr = cidr;
        this.prefix = literal(cidr.substring(0, slash));
        this.bits = Integer.parseInt(cidr.substring(slash + 1));
        this.description = description;
    }

    /** The first block that holds the address (4 or 16 bytes), if any. */
    static Optional<SpecialRange> of(byte[] address) {
        for (SpecialRange range : values()) {
            if (range.contains(address)) {
                return Optional.of(range);
            }
        }
        return Optional.empty();
    }

    boolean contains(byte[] address) {
        if (address.length != prefix.length) {
            return false;
        }
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[whole] & mask) == (prefix[whole] & mask);
    }

    /** Why an address in this block is refused, e.g. {@code a private address (10.0.0.0/8)}. */
    String reason() {
        return description + " (" + cidr + ")";
    }

    private static byte[] literal(String text) {
        try {
            // Only numeric literals are passed here, so no name is ever looked up.
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(text, e);
        }
    }
}
