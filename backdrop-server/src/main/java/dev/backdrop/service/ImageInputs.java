package dev.backdrop.service;

import dev.backdrop.fetch.UrlException;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.ImageSize;
import dev.backdrop.image.RgbImage;
import dev.backdrop.request.ImageSource;
import dev.backdrop.storage.FileNotStoredException;
import dev.backdrop.storage.ResultStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Function;

/**
 * Reads a request's {@link ImageSource} into pixels: URLs through the guarded fetcher, inline
 * bytes as sent, stored inputs from the result store, files from disk. The content decides the
 * format, never the name.
 */
public final class ImageInputs {

    private final ImageDecoder decoder;
    private final Function<String, byte[]> urlReader;
    private final ResultStore store;

    /** @param urlReader fetches an http(s) URL under the server's address policy and limits */
    public ImageInputs(ImageDecoder decoder, Function<String, byte[]> urlReader, ResultStore store) {
        this.decoder = decoder;
        this.urlReader = urlReader;
        this.store = store;
    }

    public RgbImage decode(byte[] bytes) {
        return decoder.decode(bytes).pixels().rgb();
    }

    /** The size an image's header declares, read before any pixel is allocated. */
    public ImageSize size(byte[] bytes) {
        return decoder.size(bytes);
    }

    /** The encoded bytes behind a source; a URL that cannot be read is named by {@code field}, its request field. */
    public byte[] bytes(String field, ImageSource source) {
        if (source instanceof ImageSource.Url url) {
            try {
                return urlReader.apply(url.url());
            } catch (UrlException e) {
                throw e.inField(field);
            }
        }
        if (source instanceof ImageSource.Inline inline) {
            return inline.bytes();
        }
        if (source instanceof ImageSource.Stored stored) {
            return store.get(stored.key()).orElseThrow(() -> new FileNotStoredException(stored.key())).bytes();
        }
        ImageSource.File file = (ImageSource.File) source;
        try {
            return Files.readAllBytes(file.path());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path(), e);
        }
    }
}
