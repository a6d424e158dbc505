package dev.backdrop.api;

import dev.backdrop.image.DecodedImage;
import dev.backdrop.image.ImageDecoder;
import java.util.Base64;
import java.util.function.Function;

/**
 * Turns an image field of a request — an http(s) URL, a data URL or bare base64 — into a decoded
 * image. URLs go through the guarded fetcher; the content decides the format, never the name.
 */
public final class ImageInputs {

    private final ImageDecoder decoder;
    private final Function<String, byte[]> urlReader;

    /** @param urlReader fetches an http(s) URL under the server's address policy and limits */
    public ImageInputs(ImageDecoder decoder, Function<String, byte[]> urlReader) {
        this.decoder = decoder;
        this.urlReader = urlReader;
    }

    public DecodedImage read(String field, String value) {
        return decoder.decode(bytes(field, value));
    }

    public DecodedImage decode(byte[] bytes) {
        return decoder.decode(bytes);
    }

    byte[] bytes(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, field + " is required: an image URL or base64 data");
        }
        String v = value.strip();
        if (v.regionMatches(true, 0, "http://", 0, 7) || v.regionMatches(true, 0, "https://", 0, 8)) {
            return urlReader.apply(v);
        }
        if (v.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = v.indexOf(',');
            if (comma < 0 || !v.substring(0, comma).endsWith(";base64")) {
                throw new InvalidRequestException(field, field + " is a data URL without base64 content");
            }
            v = v.substring(comma + 1);
        }
        try {
            // Strict alphabet (line breaks allowed): stray characters mean the field is not base64.
            return Base64.getDecoder().decode(v.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, field + " is neither an http(s) URL nor valid base64 image data");
        }
    }
}
