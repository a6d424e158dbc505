package dev.backdrop.image;

import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds the ICC profile of a PNG ({@code iCCP} chunk), which the JDK's PNG reader does not apply.
 * Walks the chunk list of the bytes already in memory and inflates the profile with a bound, so a
 * crafted chunk cannot inflate into gigabytes.
 */
final class PngColorProfile {

    /** Real profiles are a few kilobytes up to a few hundred; nothing larger is believable. */
    private static final int MAX_PROFILE_BYTES = 4 << 20;
    private static final int SIGNATURE_LENGTH = 8;

    private PngColorProfile() {
    }

    static Optional<ICC_Profile> read(byte[] png) {
        ByteBuffer buffer = ByteBuffer.wrap(png);
        int at = SIGNATURE_LENGTH;
        while (at + 8 <= png.length) {
            long length = Integer.toUnsignedLong(buffer.getInt(at));
            String type = new String(png, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int dataStart = at + 8;
            if (length > png.length - dataStart || type.equals("IDAT") || type.equals("IEND")) {
                return Optional.empty(); // iCCP must come before the image data
            }
            if (type.equals("iCCP")) {
                return profile(png, dataStart, (int) length);
            }
            at = dataStart + (int) length + 4; // skip data and CRC
        }
        return Optional.empty();
    }

    /** Chunk layout: profile name (1-79 bytes), NUL, compression method (0), zlib data. */
    private static Optional<ICC_Profile> profile(byte[] png, int start, int length) {
        int end = start + length;
        int nul = start;
        while (nul < end && png[nul] != 0) {
            nul++;
        }
        if (nul + 2 > end || png[nul + 1] != 0) {
            return Optional.empty();
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(png, nul + 2, end - nul - 2);
            byte[] out = new byte[8192];
            int size = 0;
            while (!inflater.finished()) {
                if (size == out.length) {
                    if (out.length >= MAX_PROFILE_BYTES) {
                        return Optional.empty();
                    }
                    out = Arrays.copyOf(out, Math.min(out.length * 2, MAX_PROFILE_BYTES));
                }
                int n = inflater.inflate(out, size, out.length - size);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return Optional.empty();
                }
                size += n;
            }
            return Optional.of(ICC_Profile.getInstance(Arrays.copyOf(out, size)));
        } catch (DataFormatException | IllegalArgumentException e) {
            return Optional.empty(); // a broken profile is ignored, as browsers do; the pixels still decode
        } finally {
            inflater.end();
        }
    }
}
