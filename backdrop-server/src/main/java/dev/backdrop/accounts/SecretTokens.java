package dev.backdrop.accounts;

import java.security.SecureRandom;

/** Random tokens in base62 (letters and digits), safe in URLs, headers and file names. */
public final class SecretTokens {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretTokens() {
    }

    /** {@code prefix} followed by {@code length} random characters (about 5.95 bits each). */
    public static String next(String prefix, int length) {
        StringBuilder token = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; i++) {
            token.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return token.toString();
    }
}
