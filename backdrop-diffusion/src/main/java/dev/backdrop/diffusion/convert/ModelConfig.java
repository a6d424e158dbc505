package dev.backdrop.diffusion.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model's {@code config.json} as diffusers and transformers write it, read with the reference
 * classes' defaults where a key is absent and a clear error where a needed one is missing or of
 * the wrong kind.
 */
public final class ModelConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode root;

    private ModelConfig(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static ModelConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidCheckpointException(file + " is missing: the converter reads the architecture from it");
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new InvalidCheckpointException(file + " is not a JSON object");
            }
            return new ModelConfig(file, root);
        } catch (IOException e) {
            throw new InvalidCheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public JsonNode json() {
        return root;
    }

    public boolean has(String key) {
        JsonNode v = root.get(key);
        return v != null && !v.isNull();
    }

    public int integer(String key) {
        JsonNode v = require(key);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw wrong(key, "a whole number", v);
        }
        return v.asInt();
    }

    public int integer(String key, int fallback) {
        return has(key) ? integer(key) : fallback;
    }

    public double number(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = root.get(key);
        if (!v.isNumber()) {
            throw wrong(key, "a number", v);
        }
        return v.asDouble();
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = root.get(key);
        if (!v.isBoolean()) {
            throw wrong(key, "true or false", v);
        }
        return v.asBoolean();
    }

    public String text(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = root.get(key);
        if (!v.isTextual()) {
            throw wrong(key, "a string", v);
        }
        return v.asText();
    }

    /** A list of whole numbers; a single number stands for {@code count} copies of itself, as diffusers reads it. */
    public int[] integers(String key, int count, int fallback) {
        int[] out = new int[count];
        if (!has(key)) {
            java.util.Arrays.fill(out, fallback);
            return out;
        }
        JsonNode v = root.get(key);
        if (v.isIntegralNumber()) {
            java.util.Arrays.fill(out, v.asInt());
            return out;
        }
        if (!v.isArray() || v.size() != count) {
            throw wrong(key, count + " whole numbers", v);
        }
        for (int i = 0; i < count; i++) {
            if (!v.get(i).isIntegralNumber()) {
                throw wrong(key, count + " whole numbers", v);
            }
            out[i] = v.get(i).asInt();
        }
        return out;
    }

    /** A list of whole numbers of any length. */
    public int[] integers(String key) {
        JsonNode v = require(key);
        if (!v.isArray()) {
            throw wrong(key, "a list of whole numbers", v);
        }
        return integers(key, v.size(), 0);
    }

    /** A list of strings. */
    public String[] texts(String key) {
        JsonNode v = require(key);
        if (!v.isArray()) {
            throw wrong(key, "a list of strings", v);
        }
        String[] out = new String[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asText();
        }
        return out;
    }

    private JsonNode require(String key) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            throw new InvalidCheckpointException(file + " has no \"" + key + "\"");
        }
        return v;
    }

    private InvalidCheckpointException wrong(String key, String expected, JsonNode got) {
        return new InvalidCheckpointException(file + ": \"" + key + "\" must be " + expected + ", not " + got);
    }
}
