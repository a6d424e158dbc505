package dev.backdrop.diffusion.hub;

import java.util.Locale;

/** Byte counts for people: decimal units, as the hub's pages show them. */
public final class ByteCount {

    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

    private ByteCount() {
    }

    public static String format(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
