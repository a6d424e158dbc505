package dev.backdrop.diffusion.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Writes a CLIP tokenizer folder in the Hugging Face layout from CLIP's published merge list
 * (resource {@code /clip/bpe_simple_vocab_16e6.txt.gz}), deriving {@code vocab.json} and
 * {@code merges.txt} the way CLIP and Hugging Face do: the vocabulary is the 256 byte characters,
 * the same with {@code </w>}, each of the first 48,894 merges joined, then the two special tokens
 * (49,408 ids). Used for the tiny model folders and by tests.
 */
public final class ClipTokenizerFiles {

    /** Merges that make it into the vocabulary: 49,152 ids less 256 bytes and the two specials. */
    public static final int MERGES = 49152 - 256 - 2;
    /** Ids of the full vocabulary. */
    public static final int VOCABULARY_SIZE = 49408;

    private static List<String> merges;

    private ClipTokenizerFiles() {
    }

    /** The merges in rank order, read once. */
    public static synchronized List<String> merges() {
        if (merges == null) {
            try (InputStream raw = ClipTokenizerFiles.class.getResourceAsStream("/clip/bpe_simple_vocab_16e6.txt.gz");
                 BufferedReader reader = new BufferedReader(
                         new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
                List<String> lines = new ArrayList<>(MERGES);
                reader.readLine(); // header
                for (int i = 0; i < MERGES; i++) {
                    lines.add(reader.readLine());
                }
                merges = List.copyOf(lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return merges;
    }

    /** Writes vocab.json, merges.txt and a tokenizer_config.json padding with {@code padToken}. */
    public static Path write(Path folder, String padToken) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode vocab = json.createObjectNode();
        String bytes = ByteAlphabet.vocabularyOrder();
        int id = 0;
        for (char c : bytes.toCharArray()) {
            vocab.put(String.valueOf(c), id++);
        }
        for (char c : bytes.toCharArray()) {
            vocab.put(c + "</w>", id++);
        }
        for (String merge : merges()) {
            vocab.put(merge.replace(" ", ""), id++);
        }
        vocab.put("<|startoftext|>", id++);
        vocab.put("<|endoftext|>", id);
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("vocab.json"), json.writeValueAsString(vocab), StandardCharsets.UTF_8);
            Files.writeString(folder.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", merges()) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeConfig(folder, padToken);
        return folder;
    }

    /** A second folder with the same vocabulary files, padding with {@code padToken}. */
    public static Path copy(Path source, Path folder, String padToken) {
        try {
            Files.createDirectories(folder);
            Files.copy(source.resolve("vocab.json"), folder.resolve("vocab.json"));
            Files.copy(source.resolve("merges.txt"), folder.resolve("merges.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeConfig(folder, padToken);
        return folder;
    }

    private static void writeConfig(Path folder, String padToken) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode();
        config.put("model_max_length", 77);
        config.put("do_lower_case", true);
        ObjectNode bos = config.putObject("bos_token");
        bos.put("__type", "AddedToken");
        bos.put("content", "<|startoftext|>");
        config.put("eos_token", "<|endoftext|>");
        config.put("unk_token", "<|endoftext|>");
        config.put("pad_token", padToken);
        config.put("tokenizer_class", "CLIPTokenizer");
        try {
            Files.writeString(folder.resolve("tokenizer_config.json"), json.writeValueAsString(config),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
