package dev.backdrop.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Images whose header declares far more pixels than their bytes hold. */
public final class HeaderBombs {

    private HeaderBombs() {
    }

    /** A PNG whose IHDR declares {@code width}x{@code height} RGB, with one short IDAT: a header bomb. */
    public static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream fields = new DataOutputStream(ihdr);
        fields.writeInt(width);
        fields.writeInt(height);
        fields.write(new byte[] {8, 2, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[64]);
        deflater.finish();
        byte[] idat = new byte[128];
        int n = deflater.deflate(idat);
        chunk(out, "IDAT", java.util.Arrays.copyOf(idat, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream s = new DataOutputStream(out);
        s.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        s.write(name);
        s.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        s.writeInt((int) crc.getValue());
    }
}
