package dev.backdrop.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 hosts as inet_aton reads them, and so as browsers and curl connect to them: one to four
 * dot-separated numbers, each decimal, octal (a leading 0) or hexadecimal (0x), the last filling
 * the remaining bytes. {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 2130706433} are all
 * 127.0.0.1; reading them any other way would vet one address and let the connection reach another.
 */
final class Ipv4Literal {

    private Ipv4Literal() {
    }

    /** Whether every part of {@code host} is a number in one of inet_aton's forms (1 to 4 parts). */
    static boolean numeric(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return false;
        }
        for (String part : parts) {
            if (value(part) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The address of a {@link #numeric} host; a part out of range is an invalid URL. */
    static InetAddress address(String host) {
        String[] parts = host.split("\\.", -1);
        int n = parts.length;
        byte[] bytes = new byte[4];
        for (int i = 0; i < n - 1; i++) {
            long v = value(parts[i]);
            if (v > 255) {
                throw new InvalidUrlException("URL host " + host + " is not a valid IPv4 address");
            }
            bytes[i] = (byte) v;
        }
        long last = value(parts[n - 1]);
        int remaining = 5 - n;
        if (last >= 1L << (8 * remaining)) {
            throw new InvalidUrlException("URL host " + host + " is not a valid IPv4 address");
        }
        for (int i = 3; i >= n - 1; i--) {
            bytes[i] = (byte) (last & 0xFF);
            last >>>= 8;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new InvalidUrlException("URL host " + host + " is not a valid IPv4 address");
        }
    }

    /** The part's value, or -1 when it is not a number; values are capped just above 2^32 (out of range anyway). */
    private static long value(String part) {
        int radix = 10;
        String digits = part;
        if (part.length() > 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            v = Math.min(v * radix + d, 1L << 33);
        }
        return v;
    }
}
