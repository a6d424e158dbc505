package dev.backdrop.request;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Locale;

/**
 * Where an input image comes from: a URL to fetch (under the server's address policy), bytes
 * sent with the request, a file (the CLI), or a key in the result store (inline bytes of a queued job are stored
 * first, so the queue row stays small and a worker in another process can read them).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "from")
@JsonSubTypes({@JsonSubTypes.Type(value = ImageSource.Url.class, name = "url"),
        @JsonSubTypes.Type(value = ImageSource.Stored.class, name = "store")})
public sealed interface ImageSource {

    record Url(String url) implements ImageSource {
    }

    /** Bytes sent with a synchronous request; a job stores them first and carries a {@link Stored}. */
    record Inline(byte[] bytes) implements ImageSource {
    }

    record Stored(String key) implements ImageSource {
    }

    /** A file the CLI was given. */
    record File(java.nio.file.Path path) implements ImageSource {
    }

    /**
     * An image field as the APIs take it: an http(s) URL, a data URL or bare base64. Missing
     * fields are refused here; what the bytes hold is the decoder's business.
     */
    static ImageSource parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, field + " is required: an image URL or base64 data");
        }
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new Url(v);
        }
        if (lower.startsWith("data:")) {
            int comma = v.indexOf(',');
            if (comma < 0 || !v.substring(0, comma).endsWith(";base64")) {
                throw new InvalidRequestException(field, field + " is a data URL without base64 content");
            }
            v = v.substring(comma + 1);
        }
        try {
            // Strict alphabet (line breaks allowed): stray characters mean the field is not base64.
            return new Inline(java.util.Base64.getDecoder().decode(v.replaceAll("\\s", "")));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, field + " is neither an http(s) URL nor valid base64 image data");
        }
    }
}
