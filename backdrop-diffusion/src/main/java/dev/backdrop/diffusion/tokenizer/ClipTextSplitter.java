package dev.backdrop.diffusion.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans a prompt and cuts it into the words that CLIP encodes separately, as Hugging Face's
 * {@code CLIPTokenizer} does in the Stable Diffusion pipelines (without the optional ftfy
 * package): control characters dropped, every whitespace character made a space, CJK ideographs
 * set apart as words of their own, Unicode NFC, runs of spaces collapsed, lower case; then CLIP's
 * word pattern: the two special tokens, English contractions, runs of letters, single digits, and
 * runs of other symbols.
 */
final class ClipTextSplitter {

    static final String START_OF_TEXT = "<|startoftext|>";
    static final String END_OF_TEXT = "<|endoftext|>";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private ClipTextSplitter() {
    }

    static String clean(String text) {
        StringBuilder spaced = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            if (cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR) {
                spaced.append(' ');
            } else if (cp == 0 || cp == 0xFFFD || isOther(cp)) {
                return;
            } else if (isCjkIdeograph(cp)) {
                spaced.append(' ').appendCodePoint(cp).append(' ');
            } else {
                spaced.appendCodePoint(cp);
            }
        });
        String normalized = Normalizer.normalize(spaced, Normalizer.Form.NFC);
        return WHITESPACE.matcher(normalized).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(clean(text));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    /** Unicode category C*: controls, format characters, unassigned, private use, surrogates. */
    private static boolean isOther(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE;
    }

    /** The CJK Unified and Compatibility Ideograph blocks (not kana or hangul, which are spelled). */
    private static boolean isCjkIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
