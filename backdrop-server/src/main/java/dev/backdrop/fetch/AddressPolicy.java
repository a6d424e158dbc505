package dev.backdrop.fetch;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Decides whether Backdrop may connect to an address when it fetches an input URL: only public
 * unicast addresses are allowed. Refused are loopback, private, link-local, carrier-grade NAT,
 * multicast, broadcast, reserved, documentation and benchmarking blocks, IPv6 unique-local and
 * site-local, the cloud metadata endpoints, and every IPv6 address outside global unicast
 * ({@code 2000::/3}). IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible,
 * NAT64 and 6to4) are judged by the IPv4 address they carry, since that is where a packet ends up.
 *
 * <p>The policy only looks at addresses; it never resolves a name or opens a connection.
 */
public final class AddressPolicy {

    private AddressPolicy() {
    }

    /** Why the address is refused (e.g. {@code a private address (10.0.0.0/8)}), or empty if it is allowed. */
    public static Optional<String> refusal(InetAddress address) {
        return refusal(address.getAddress());
    }

    public static boolean allows(InetAddress address) {
        return refusal(address).isEmpty();
    }

    static Optional<String> refusal(byte[] address) {
        Optional<SpecialRange> special = SpecialRange.of(address);
        if (special.isPresent()) {
            return special.map(SpecialRange::reason);
        }
        if (address.length == 4) {
            return Optional.empty();
        }
        Optional<byte[]> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            byte[] ipv4 = embedded.get();
            return refusal(ipv4).map(why -> "an IPv6 form of " + text(ipv4) + ", " + why);
        }
        if ((address[0] & 0xE0) != 0x20) {
            return Optional.of("a reserved address (outside 2000::/3)");
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address an IPv6 address stands for: {@code ::ffff:a.b.c.d} (mapped),
     * {@code ::a.b.c.d} (compatible), {@code 64:ff9b::a.b.c.d} (NAT64) and
     * {@code 2002:aabb:ccdd::/48} (6to4).
     */
    static Optional<byte[]> embeddedIpv4(byte[] v6) {
        boolean zeroTo9 = isZero(v6, 0, 10);
        if (zeroTo9 && (v6[10] & 0xFF) == 0xFF && (v6[11] & 0xFF) == 0xFF) {
            return Optional.of(Arrays.copyOfRange(v6, 12, 16));
        }
        if (zeroTo9 && v6[10] == 0 && v6[11] == 0) {
            return Optional.of(Arrays.copyOfRange(v6, 12, 16));
        }
        if (v6[0] == 0x00 && v6[1] == 0x64 && (v6[2] & 0xFF) == 0xFF && (v6[3] & 0xFF) == 0x9B && isZero(v6, 4, 12)) {
            return Optional.of(Arrays.copyOfRange(v6, 12, 16));
        }
        if (v6[0] == 0x20 && v6[1] == 0x02) {
            return Optional.of(Arrays.copyOfRange(v6, 2, 6));
        }
        return Optional.empty();
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An address as people write it: dotted quad, or IPv6 with the longest run of zero groups shortened. */
    static String text(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
