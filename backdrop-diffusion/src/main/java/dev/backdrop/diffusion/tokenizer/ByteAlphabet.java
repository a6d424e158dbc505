package dev.backdrop.diffusion.tokenizer;

/**
 * The reversible byte-to-character map of GPT-2-style byte-level BPE: printable Latin-1 bytes stand
 * for themselves and the other 68 bytes (controls, space, ...) get the characters from U+0100 on,
 * so that every UTF-8 byte sequence becomes a string of visible characters without spaces.
 */
final class ByteAlphabet {

    private static final char[] BYTE_TO_CHAR = new char[256];

    static {
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        }
        int next = 0;
        for (int b = 0; b < 256; b++) {
            BYTE_TO_CHAR[b] = printable[b] ? (char) b : (char) (256 + next++);
        }
    }

    private ByteAlphabet() {
    }

    /** The character of one byte. */
    static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The 256 characters in vocabulary order: the printable bytes first, then the others. */
    static String vocabularyOrder() {
        StringBuilder order = new StringBuilder(256);
        for (int b = 0; b < 256; b++) {
            if (BYTE_TO_CHAR[b] == b) {
                order.append((char) b);
            }
        }
        for (int b = 0; b < 256; b++) {
            if (BYTE_TO_CHAR[b] != b) {
                order.append(BYTE_TO_CHAR[b]);
            }
        }
        return order.toString();
    }

    /** Each UTF-8 byte of {@code word} as its character. */
    static String encode(byte[] utf8) {
        StringBuilder out = new StringBuilder(utf8.length);
        for (byte b : utf8) {
            out.append(BYTE_TO_CHAR[b & 0xff]);
        }
        return out.toString();
    }
}
