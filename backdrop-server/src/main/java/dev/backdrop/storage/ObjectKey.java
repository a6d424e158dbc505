package dev.backdrop.storage;

import java.util.regex.Pattern;

/**
 * A storage key such as {@code results/2025/11/22/3f9c0a7e41d2b8c65e0f1a93-0.png}: slash-separated
 * segments of {@code A-Z a-z 0-9 . _ -}, none empty and none starting with a dot.
 *
 * <p>The rules are strict so that one key means the same object on every file system and bucket:
 * no {@code ..} or absolute paths can leave the results folder, no backslash or colon can mean
 * something else on Windows, and dot-names stay free for the local store's temporary and
 * content-type files.
 */
public record ObjectKey(String value) {

    static final int MAX_LENGTH = 512;
    private static final int MAX_SEGMENT_LENGTH = 200;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    public ObjectKey {
        if (value == null || value.isEmpty()) {
            throw new InvalidObjectKeyException("A file key must not be empty.");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidObjectKeyException(
                    "A file key must be at most " + MAX_LENGTH + " characters, not " + value.length() + ".");
        }
        if (value.startsWith("/")) {
            throw new InvalidObjectKeyException("A file key must be relative, not '" + printable(value) + "'.");
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidObjectKeyException(
                        "A file key must not have empty segments ('//' or a trailing '/'): '" + printable(value) + "'.");
            }
            if (segment.length() > MAX_SEGMENT_LENGTH || !SEGMENT.matcher(segment).matches()) {
                throw new InvalidObjectKeyException("File key '" + printable(value) + "' has a bad segment '"
                        + printable(segment) + "': use letters, digits, '.', '_' and '-', not starting with '.'.");
            }
        }
    }

    public static ObjectKey of(String value) {
        return new ObjectKey(value);
    }

    /** The last segment's extension in lower case, without the dot; empty when there is none. */
    public String extension() {
        String name = value.substring(value.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }

    // Bad keys come from request paths; keep control characters out of messages and logs.
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(120).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.length() > 120 ? out + "..." : out.toString();
    }
}
