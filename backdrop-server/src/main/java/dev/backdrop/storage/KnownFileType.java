package dev.backdrop.storage;

import java.util.List;
import java.util.Optional;

/** The file types Backdrop stores, by extension, so a file's type survives without extra metadata. */
public enum KnownFileType {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg", "jpeg"),
    WEBP("image/webp", "webp"),
    GIF("image/gif", "gif"),
    BMP("image/bmp", "bmp"),
    TIFF("image/tiff", "tif", "tiff"),
    JSON("application/json", "json");

    private final String contentType;
    private final List<String> extensions;

    KnownFileType(String contentType, String... extensions) {
        this.contentType = contentType;
        this.extensions = List.of(extensions);
    }

    public String contentType() {
        return contentType;
    }

    /** The extension keys of this type get, without the dot. */
    public String extension() {
        return extensions.get(0);
    }

    public static Optional<KnownFileType> ofExtension(String extension) {
        for (KnownFileType type : values()) {
            if (type.extensions.contains(extension.toLowerCase(java.util.Locale.ROOT))) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
