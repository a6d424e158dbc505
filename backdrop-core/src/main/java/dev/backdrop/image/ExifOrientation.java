package dev.backdrop.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The eight EXIF orientations (tag 0x0112, values 1-8): how the stored pixels must be turned to
 * be shown upright. Each constant maps a pixel of the upright image back to the stored one.
 */
enum ExifOrientation {
    NORMAL(false) {
        @Override
        int source(int x, int y, int w, int h) {
            return y * w + x;
        }
    },
    FLIP_HORIZONTAL(false) {
        @Override
        int source(int x, int y, int w, int h) {
            return y * w + (w - 1 - x);
        }
    },
    ROTATE_180(false) {
        @Override
        int source(int x, int y, int w, int h) {
            return (h - 1 - y) * w + (w - 1 - x);
        }
    },
    FLIP_VERTICAL(false) {
        @Override
        int source(int x, int y, int w, int h) {
            return (h - 1 - y) * w + x;
        }
    },
    TRANSPOSE(true) {
        @Override
        int source(int x, int y, int w, int h) {
            return x * w + y;
        }
    },
    ROTATE_90_CLOCKWISE(true) {
        @Override
        int source(int x, int y, int w, int h) {
            return (h - 1 - x) * w + y;
        }
    },
    TRANSVERSE(true) {
        @Override
        int source(int x, int y, int w, int h) {
            return (h - 1 - x) * w + (w - 1 - y);
        }
    },
    ROTATE_90_COUNTERCLOCKWISE(true) {
        @Override
        int source(int x, int y, int w, int h) {
            return x * w + (w - 1 - y);
        }
    };

    private static final int ORIENTATION_TAG = 0x0112;

    private final boolean swapsAxes;

    ExifOrientation(boolean swapsAxes) {
        this.swapsAxes = swapsAxes;
    }

    /** Index into the stored {@code w x h} pixels of the upright pixel (x, y). */
    abstract int source(int x, int y, int w, int h);

    /** The EXIF tag value, 1-8; anything else (absent, 0, out of range) means no change. */
    static ExifOrientation ofTag(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    /**
     * The orientation recorded in a JPEG's EXIF block or a TIFF's first directory. Other formats,
     * and tags that are missing or unreadable, give {@link #NORMAL}, as in browsers.
     */
    static ExifOrientation of(ImageFormat format, byte[] data) {
        try {
            Directory directory = switch (format) {
                case JPEG -> jpegExif(data);
                case TIFF -> new TIFFReader().read(new ByteArrayImageInputStream(data));
                default -> null;
            };
            if (directory instanceof CompoundDirectory compound && compound.directoryCount() > 0) {
                directory = compound.getDirectory(0);
            }
            Entry entry = directory == null ? null : directory.getEntryById(ORIENTATION_TAG);
            return entry != null && entry.getValue() instanceof Number n ? ofTag(n.intValue()) : NORMAL;
        } catch (IOException | RuntimeException e) {
            return NORMAL; // a broken EXIF block does not make the picture undecodable
        }
    }

    private static Directory jpegExif(byte[] data) throws IOException {
        List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(new ByteArrayImageInputStream(data), JPEG.APP1, "Exif");
        if (segments.isEmpty()) {
            return null;
        }
        try (InputStream exif = segments.get(0).data()) {
            exif.read(); // the pad byte after "Exif\0"
            return new TIFFReader().read(new ByteArrayImageInputStream(exif.readAllBytes()));
        }
    }

    RgbaImage apply(RgbaImage stored) {
        if (this == NORMAL) {
            return stored;
        }
        int w = stored.width(), h = stored.height();
        int outW = swapsAxes ? h : w, outH = swapsAxes ? w : h;
        int[] in = stored.pixels();
        int[] out = new int[in.length];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = in[source(x, y, w, h)];
            }
        }
        return new RgbaImage(outW, outH, out);
    }
}
