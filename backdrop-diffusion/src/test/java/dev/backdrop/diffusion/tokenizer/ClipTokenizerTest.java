package dev.backdrop.diffusion.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token ids of the Stable Diffusion CLIP tokenizer, as published by other implementations' test
 * suites checked against Hugging Face's tokenizer, on a folder derived from CLIP's merge list.
 */
class ClipTokenizerTest {

    private static final int BOS = 49406;
    private static final int EOS = 49407;

    @TempDir
    static Path models;

    private static ClipTokenizer tokenizer;
    private static ClipTokenizer paddedWithBang;

    @BeforeAll
    static void loadTokenizers() {
        tokenizer = ClipTokenizer.load(ClipModelFolder.write(models.resolve("tokenizer"), "<|endoftext|>"));
        paddedWithBang = ClipTokenizer.load(
                ClipModelFolder.copy(models.resolve("tokenizer"), models.resolve("tokenizer_2"), "!"));
    }

    @Test
    void vocabularyHasClipSize() {
        assertThat(tokenizer.vocabularySize()).isEqualTo(49408);
        assertThat(tokenizer.startId()).isEqualTo(BOS);
        assertThat(tokenizer.endId()).isEqualTo(EOS);
        assertThat(tokenizer.maxLength()).isEqualTo(77);
    }

    @Test
    void encodesPlainPrompt() {
        assertThat(tokenizer.encode("a photo of a cat")).containsExactly(BOS, 320, 1125, 539, 320, 2368, EOS);
        assertThat(tokenizer.encode("a photo of a dog")).containsExactly(BOS, 320, 1125, 539, 320, 1929, EOS);
        assertThat(tokenizer.encode("Japanese stone lantern")).containsExactly(BOS, 4925, 2441, 17185, EOS);
    }

    @Test
    void lowerCasesAndCollapsesWhitespace() {
        assertThat(tokenizer.encode("A PHOTO of  a Cat!")).containsExactly(BOS, 320, 1125, 539, 320, 2368, 256, EOS);
        assertThat(tokenizer.encode("  spaced   out  ")).containsExactly(BOS, 10336, 538, 620, EOS);
        assertThat(tokenizer.encode("\ta\n photo  of a\r\ncat ")).isEqualTo(tokenizer.encode("a photo of a cat"));
        assertThat(tokenizer.encode("")).containsExactly(BOS, EOS);
        assertThat(tokenizer.encode("    \t\n")).containsExactly(BOS, EOS);
    }

    @Test
    void splitsPunctuationContractionsAndDigits() {
        assertThat(tokenizer.encode("Hello, world!")).containsExactly(BOS, 3306, 267, 1002, 256, EOS);
        assertThat(tokenizer.encode("don't stop")).containsExactly(BOS, 847, 713, 1691, EOS);
        assertThat(tokenizer.encode("don't stop 42 times")).containsExactly(BOS, 847, 713, 1691, 275, 273, 1661, EOS);
        assertThat(tokenizer.encode("hello-world, 3.14 (test)"))
                .containsExactly(BOS, 3306, 268, 1002, 267, 274, 269, 272, 275, 263, 1628, 264, EOS);
        assertThat(tokenizer.encode("35mm photography")).containsExactly(BOS, 274, 276, 2848, 2108, EOS);
    }

    @Test
    void encodesUnicodeThroughTheByteAlphabet() {
        assertThat(tokenizer.encode("cafe uber naive")).containsExactly(BOS, 4979, 10668, 43362, EOS);
        assertThat(tokenizer.encode("café über naïve")).containsExactly(BOS, 15304, 6522, 1516, 1097, 35689, 563, EOS);
        // Decomposed accents are composed first (NFC), so they encode like the precomposed ones.
        assertThat(tokenizer.encode("cafe\u0301 u\u0308ber nai\u0308ve")).isEqualTo(tokenizer.encode("café über naïve"));
        assertThat(tokenizer.encode("日本の石灯籠"))
                .containsExactly(BOS, 37156, 19277, 361, 4813, 362, 163, 253, 367, 163, 223, 363, 163, 109, 510, EOS);
        assertThat(tokenizer.encode("😀 red car")).containsExactly(BOS, 7334, 736, 1615, EOS);
    }

    @Test
    void truncatesLongPromptsKeepingTheEndToken() {
        String prompt = "cat ".repeat(200);
        int[] ids = tokenizer.encode(prompt);
        assertThat(ids).hasSize(77);
        assertThat(ids[0]).isEqualTo(BOS);
        assertThat(ids[76]).isEqualTo(EOS);
        assertThat(ids[75]).isEqualTo(2368);
        TokenizedPrompt tokens = tokenizer.tokenize(prompt);
        assertThat(tokens.length()).isEqualTo(77);
        assertThat(tokens.attentionMask()).containsOnly(1);
    }

    @Test
    void padsWithTheModelsPadToken() {
        TokenizedPrompt withEnd = tokenizer.tokenize("a photo of a cat");
        TokenizedPrompt withBang = paddedWithBang.tokenize("a photo of a cat");
        assertThat(withEnd.ids()).hasSize(77).startsWith(BOS, 320, 1125, 539, 320, 2368, EOS);
        assertThat(withEnd.ids()[76]).isEqualTo(EOS);
        assertThat(withBang.ids()).hasSize(77).startsWith(BOS, 320, 1125, 539, 320, 2368, EOS);
        assertThat(withBang.ids()[7]).isZero();
        assertThat(withBang.ids()[76]).isZero();
        assertThat(withEnd.attentionMask()).isEqualTo(withBang.attentionMask());
        assertThat(withEnd.length()).isEqualTo(7);
        assertThat(withEnd.attentionMask()).startsWith(1, 1, 1, 1, 1, 1, 1, 0);
    }

    @Test
    void specialTokensInTheTextKeepTheirIds() {
        assertThat(tokenizer.encode("a <|endoftext|> cat")).containsExactly(BOS, 320, EOS, 2368, EOS);
    }

    @Test
    void specialTokensMapOverridesTheConfig(@TempDir Path folder) throws IOException {
        ClipModelFolder.copy(models.resolve("tokenizer"), folder, "<|endoftext|>");
        Files.writeString(folder.resolve("special_tokens_map.json"),
                "{\"pad_token\": {\"content\": \"!\", \"lstrip\": false}}");
        assertThat(ClipTokenizer.load(folder).padId()).isZero();
    }

    @Test
    void missingFilesAreReportedByName(@TempDir Path folder) {
        assertThatThrownBy(() -> ClipTokenizer.load(folder))
                .isInstanceOf(InvalidTokenizerException.class)
                .hasMessageContaining("vocab.json")
                .extracting(e -> ((InvalidTokenizerException) e).code()).isEqualTo("invalid_tokenizer");
    }

    @Test
    void unknownPadTokenIsReported(@TempDir Path folder) {
        ClipModelFolder.copy(models.resolve("tokenizer"), folder, "<pad>");
        assertThatThrownBy(() -> ClipTokenizer.load(folder))
                .isInstanceOf(InvalidTokenizerException.class)
                .hasMessageContaining("pad_token \"<pad>\"");
    }
}
