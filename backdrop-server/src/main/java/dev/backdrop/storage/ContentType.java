package dev.backdrop.storage;

import java.util.regex.Pattern;

/**
 * A media type as stored beside an object and sent back in {@code Content-Type}. Checked on the
 * way in so that nothing stored can break a response header.
 */
record ContentType(String value) {

    static final String OCTET_STREAM = "application/octet-stream";

    private static final String TOKEN = "[A-Za-z0-9!#$&^_.+-]+";
    private static final Pattern FORM = Pattern.compile(
            TOKEN + "/" + TOKEN + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"[^\"\\\\\\p{Cntrl}]*\"))*");

    ContentType {
        if (value == null || value.length() > 200 || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("Not a media type: " + value);
        }
    }

    /** The type a key's extension implies, or {@code application/octet-stream}. */
    static ContentType forKey(ObjectKey key) {
        return new ContentType(KnownFileType.ofExtension(key.extension())
                .map(KnownFileType::contentType)
                .orElse(OCTET_STREAM));
    }

    boolean sameAs(ContentType other) {
        return value.equalsIgnoreCase(other.value);
    }
}
