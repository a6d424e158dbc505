package dev.backdrop.storage;

import java.util.Map;

/**
 * What to answer for {@code GET /files/<key>}: 200 with the bytes, or 304 with an empty body.
 * {@code headers} hold Content-Type (200 only), ETag, Last-Modified, Cache-Control and
 * X-Content-Type-Options; the web framework adds Content-Length.
 */
public record FileResponse(int status, Map<String, String> headers, byte[] body) {

    public FileResponse {
        headers = Map.copyOf(headers);
    }

    public boolean notModified() {
        return status == 304;
    }
}
