package dev.backdrop.image;

import java.io.ByteArrayOutputStream;

/**
 * Adds an EXIF block (APP1) holding only an orientation tag to a JPEG, the way a camera records
 * how it was held.
 */
final class ExifJpeg {

    private ExifJpeg() {
    }

    static byte[] withOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
            'M', 'M', 0, 42, 0, 0, 0, 8,            // big-endian TIFF header, first IFD at offset 8
            0, 1,                                    // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,            // tag 0x0112 Orientation, SHORT, count 1
            0, (byte) orientation, 0, 0,             // value, padded to 4 bytes
            0, 0, 0, 0                               // no next IFD
        };
        return withExif(jpeg, tiff);
    }

    /** Inserts an EXIF APP1 segment holding {@code tiff} (a TIFF header and directory, or anything). */
    static byte[] withExif(byte[] jpeg, byte[] tiff) {
        if ((jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG");
        }
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifHeader.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int insertAt = afterJfifHeader(jpeg);
        out.write(jpeg, 0, insertAt);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exifHeader);
        out.writeBytes(tiff);
        out.write(jpeg, insertAt, jpeg.length - insertAt);
        return out.toByteArray();
    }

    /** EXIF goes after SOI and, when there is one, after the JFIF APP0 segment. */
    private static int afterJfifHeader(byte[] jpeg) {
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            return 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        return 2;
    }
}
