package dev.backdrop.diffusion.tokenizer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The byte-level BPE tokenizer of CLIP's text encoder, as used by Stable Diffusion, read from a
 * model's {@code tokenizer/} folder in the Hugging Face layout ({@code vocab.json},
 * {@code merges.txt}, and optionally {@code tokenizer_config.json} and
 * {@code special_tokens_map.json}). Prompts become the start token, the words' tokens and the end
 * token, truncated to the maximum length (77) so that the end token stays last, then padded with
 * the model's pad token (the end token for Stable Diffusion 1.x, {@code !} for SDXL's second
 * tokenizer). Thread-safe.
 */
public final class ClipTokenizer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_MAX_LENGTH = 77;

    private final Map<String, Integer> vocabulary;
    private final BytePairEncoder encoder;
    private final int startId;
    private final int endId;
    private final int padId;
    private final int unknownId;
    private final int maxLength;

    private ClipTokenizer(Map<String, Integer> vocabulary, BytePairEncoder encoder, SpecialTokens special) {
        this.vocabulary = vocabulary;
        this.encoder = encoder;
        this.startId = idOf(special.start(), "bos_token");
        this.endId = idOf(special.end(), "eos_token");
        this.padId = idOf(special.pad(), "pad_token");
        this.unknownId = idOf(special.unknown(), "unk_token");
        this.maxLength = special.maxLength();
    }

    /** Loads the tokenizer of a model's {@code tokenizer} (or {@code tokenizer_2}) folder. */
    public static ClipTokenizer load(Path folder) {
        Map<String, Integer> vocabulary = readVocabulary(folder.resolve("vocab.json"));
        BytePairEncoder encoder = new BytePairEncoder(readMerges(folder.resolve("merges.txt")));
        SpecialTokens special = SpecialTokens.read(folder);
        return new ClipTokenizer(vocabulary, encoder, special);
    }

    public int maxLength() {
        return maxLength;
    }

    public int startId() {
        return startId;
    }

    public int endId() {
        return endId;
    }

    public int padId() {
        return padId;
    }

    public int vocabularySize() {
        return vocabulary.size();
    }

    /** Start token, the prompt's tokens and end token, truncated to {@link #maxLength()}; no padding. */
    public int[] encode(String prompt) {
        List<Integer> ids = new ArrayList<>();
        ids.add(startId);
        int room = maxLength - 2;
        for (String word : ClipTextSplitter.words(prompt)) {
            if (ids.size() - 1 >= room) {
                break;
            }
            for (int id : wordIds(word)) {
                if (ids.size() - 1 >= room) {
                    break;
                }
                ids.add(id);
            }
        }
        ids.add(endId);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@link #encode} padded to {@link #maxLength()}, with its attention mask. */
    public TokenizedPrompt tokenize(String prompt) {
        int[] tokens = encode(prompt);
        int[] ids = new int[maxLength];
        int[] mask = new int[maxLength];
        for (int i = 0; i < maxLength; i++) {
            boolean real = i < tokens.length;
            ids[i] = real ? tokens[i] : padId;
            mask[i] = real ? 1 : 0;
        }
        return new TokenizedPrompt(ids, mask);
    }

    private List<Integer> wordIds(String word) {
        if (word.equals(ClipTextSplitter.START_OF_TEXT)) {
            return List.of(startId);
        }
        if (word.equals(ClipTextSplitter.END_OF_TEXT)) {
            return List.of(endId);
        }
        List<Integer> ids = new ArrayList<>();
        for (String symbol : encoder.encode(ByteAlphabet.encode(word.getBytes(StandardCharsets.UTF_8)))) {
            ids.add(vocabulary.getOrDefault(symbol, unknownId));
        }
        return ids;
    }

    private int idOf(String token, String role) {
        Integer id = vocabulary.get(token);
        if (id == null) {
            throw new InvalidTokenizerException(
                    "the tokenizer's " + role + " \"" + token + "\" is not in its vocab.json");
        }
        return id;
    }

    private static Map<String, Integer> readVocabulary(Path file) {
        // Streamed: a tree of 49,408 nodes costs more than the map it becomes.
        Map<String, Integer> vocabulary = new HashMap<>(65_536);
        try (JsonParser parser = JSON.getFactory().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidTokenizerException(file + " must map tokens to ids");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String token = parser.currentName();
                if (parser.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw new InvalidTokenizerException(file + ": the id of \"" + token + "\" is not an integer");
                }
                vocabulary.put(token, parser.getIntValue());
            }
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new InvalidTokenizerException(
                    "tokenizer file " + file + " is missing; a CLIP tokenizer folder needs vocab.json and merges.txt", e);
        } catch (IOException e) {
            throw new InvalidTokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return vocabulary;
    }

    private static Map<String, Integer> readMerges(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidTokenizerException(
                    "tokenizer file " + file + " is missing; a CLIP tokenizer folder needs vocab.json and merges.txt", e);
        } catch (IOException e) {
            throw new InvalidTokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Integer> ranks = new HashMap<>(65_536);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            String[] pair = line.strip().split(" ");
            if (pair.length != 2) {
                throw new InvalidTokenizerException(file + " line " + (i + 1) + " is not a pair of symbols: " + line);
            }
            ranks.putIfAbsent(pair[0] + " " + pair[1], ranks.size());
        }
        return ranks;
    }

    static Optional<JsonNode> readJson(Path file) {
        try {
            return Optional.of(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidTokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The special tokens and maximum length of a tokenizer folder, with CLIP's defaults. */
    private record SpecialTokens(String start, String end, String pad, String unknown, int maxLength) {

        static SpecialTokens read(Path folder) {
            Optional<JsonNode> config = readJson(folder.resolve("tokenizer_config.json"));
            Optional<JsonNode> map = readJson(folder.resolve("special_tokens_map.json"));
            String end = token(map, config, "eos_token").orElse(ClipTextSplitter.END_OF_TEXT);
            return new SpecialTokens(
                    token(map, config, "bos_token").orElse(ClipTextSplitter.START_OF_TEXT),
                    end,
                    token(map, config, "pad_token").orElse(end),
                    token(map, config, "unk_token").orElse(ClipTextSplitter.END_OF_TEXT),
                    config.map(node -> node.get("model_max_length"))
                            .filter(JsonNode::canConvertToInt)
                            .map(JsonNode::intValue)
                            .filter(length -> length >= 2 && length <= DEFAULT_MAX_LENGTH)
                            .orElse(DEFAULT_MAX_LENGTH));
        }

        /** special_tokens_map.json wins over tokenizer_config.json, as in the reference loader. */
        private static Optional<String> token(Optional<JsonNode> map, Optional<JsonNode> config, String key) {
            return text(map, key).or(() -> text(config, key));
        }

        /** A token is written either as a string or as an object with its {@code content}. */
        private static Optional<String> text(Optional<JsonNode> file, String key) {
            return file.map(node -> node.get(key))
                    .map(value -> value.isObject() ? value.get("content") : value)
                    .filter(JsonNode::isTextual)
                    .map(JsonNode::asText);
        }
    }
}
