package dev.backdrop.fetch;

import dev.backdrop.image.ImageFormat;
import java.net.URI;
import java.util.Optional;

/**
 * The body fetched from an input URL, known to start like an image.
 *
 * @param bytes               the body, at most {@link FetchSettings#maxBytes()} long
 * @param format              the format recognised from the bytes themselves
 * @param declaredContentType the Content-Type the server sent, if any; informational only, never trusted
 * @param finalUrl            the URL the body came from, after redirects
 */
public record FetchedImage(byte[] bytes, ImageFormat format, Optional<String> declaredContentType, URI finalUrl) {
}
