package dev.backdrop.storage;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A media type as stored beside an object and sent back in {@code Content-Type}. Checked on the
 * way in so that nothing stored can break a response header, and written one way
 * ({@code type/subtype;name=value}, names in lower case) because S3 servers rewrite the spacing.
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
        value = canonical(value);
    }

    /** The type a key's extension implies, or {@code application/octet-stream}. */
    static ContentType forKey(ObjectKey key) {
        return new ContentType(KnownFileType.ofExtension(key.extension())
                .map(KnownFileType::contentType)
                .orElse(OCTET_STREAM));
    }

    private static String canonical(String value) {
        StringBuilder out = new StringBuilder();
        String[] parts = value.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        out.append(parts[0].strip().toLowerCase(Locale.ROOT));
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            out.append(';').append(parameter.substring(0, equals).toLowerCase(Locale.ROOT))
                    .append(parameter.substring(equals));
        }
        return out.toString();
    }

    boolean sameAs(ContentType other) {
        return value.equalsIgnoreCase(other.value);
    }
}
