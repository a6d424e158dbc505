package dev.backdrop.request;

import dev.backdrop.image.Encoding;
import dev.backdrop.image.ImageFormat;

/**
 * How results are written, the same for every entrance: photos are JPEG unless PNG or WebP is
 * asked for (JPEG and WebP at quality 90, WebP lossy); cut-outs keep their alpha, PNG unless WebP
 * is asked for (lossless, so the edges stay exact). JPEG is refused for a cut-out rather than
 * silently flattened.
 *
 * @param format the format asked for, or null for the default of what is written
 */
public record OutputPolicy(ImageFormat format) {

    public static final OutputPolicy DEFAULT = new OutputPolicy(null);

    /** Reads {@code format}: jpeg, png or webp; {@code cutout} refuses the formats without alpha. */
    public static OutputPolicy read(RequestFields fields, boolean cutout) {
        String name = fields.text("format");
        if (name == null) {
            return DEFAULT;
        }
        ImageFormat format = ImageFormat.forName(name).filter(ImageFormat::writable)
                .orElseThrow(() -> new InvalidRequestException("format", "format must be "
                        + (cutout ? "png or webp" : "jpeg, png or webp") + ", not '" + name + "'"));
        if (cutout && !format.keepsAlpha()) {
            throw new InvalidRequestException("format", "format " + name
                    + " cannot keep the cut-out's transparency; use png or webp");
        }
        return new OutputPolicy(format);
    }

    public ImageFormat formatFor(boolean cutout) {
        return format != null ? format : cutout ? ImageFormat.PNG : ImageFormat.JPEG;
    }

    /** The encoding of a result; {@code answeredAtOnce} trades a little size for speed (PNG at level 1). */
    public Encoding encoding(boolean cutout, boolean answeredAtOnce) {
        ImageFormat chosen = formatFor(cutout);
        if (chosen == ImageFormat.PNG && answeredAtOnce) {
            return Encoding.pngFast();
        }
        return chosen == ImageFormat.WEBP && cutout ? Encoding.webpLossless() : Encoding.defaultFor(chosen);
    }
}
