package dev.backdrop.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/** Builds PNG files chunk by chunk, for headers and chunks that no encoder would write. */
final class PngBytes {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    PngBytes() {
        bytes.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    }

    PngBytes header(int width, int height, int bitDepth, int colourType) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(data);
        try {
            d.writeInt(width);
            d.writeInt(height);
            d.write(new byte[] {(byte) bitDepth, (byte) colourType, 0, 0, 0});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunk("IHDR", data.toByteArray());
    }

    PngBytes colourProfile(byte[] iccProfile) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes("test profile".getBytes(StandardCharsets.ISO_8859_1));
        data.write(0); // end of name
        data.write(0); // compression method: deflate
        data.writeBytes(deflate(iccProfile));
        return chunk("iCCP", data.toByteArray());
    }

    /** Image data: rows already prefixed with their filter byte. */
    PngBytes imageData(byte[] filteredRows) {
        return chunk("IDAT", deflate(filteredRows));
    }

    PngBytes chunk(String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        try {
            out.writeInt(data.length);
            out.write(name);
            out.write(data);
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    byte[] end() {
        chunk("IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(compressed)) {
            deflater.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }
}
