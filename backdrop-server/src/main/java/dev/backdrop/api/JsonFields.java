package dev.backdrop.api;

import dev.backdrop.request.InvalidRequestException;
import dev.backdrop.request.Bounds;
import dev.backdrop.request.RequestFields;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Typed reads of a JSON request body with the API's field names in every error, so a client
 * learns exactly which field to fix and why.
 */
public final class JsonFields implements RequestFields {

    private final JsonNode node;
    private final String prefix;

    public JsonFields(JsonNode node, String prefix) {
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException(prefix.isEmpty() ? null : prefix,
                    (prefix.isEmpty() ? "the request body" : prefix) + " must be a JSON object");
        }
        this.node = node;
        this.prefix = prefix;
    }

    public static JsonFields of(JsonNode body) {
        return new JsonFields(body, "");
    }

    /** The parser's advice to its own programmers, which a client cannot act on. */
    private static final Pattern PARSER_ADVICE = Pattern.compile(
            ": enable `[^`]+` to allow|\\s*\\(not recognized as one since Feature '[^']+' not enabled for parser\\)"
                    + "|, from `StreamReadConstraints[^`]*`");

    /**
     * Parses a request body; malformed JSON is the client's error (400), never a server fault. One
     * JSON value, each key once: anything after it, or a key given twice, is refused rather than
     * read in part.
     */
    public static JsonFields parse(ObjectMapper json, byte[] body) {
        if (startsWith(body, "--")) {
            throw new InvalidRequestException(null, "this route takes a JSON body (Content-Type: application/json);"
                    + " multipart uploads go to /v1/cutout");
        }
        try {
            return of(json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(body));
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new InvalidRequestException(null, "the request body is not valid JSON: "
                    + PARSER_ADVICE.matcher(String.valueOf(reason)).replaceAll(""));
        }
    }

    private static boolean startsWith(byte[] body, String prefix) {
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        int length = Math.min(prefix.length(), body.length - i);
        return new String(body, i, length, StandardCharsets.US_ASCII).equals(prefix);
    }

    public JsonFields object(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidRequestException(path(name), path(name) + " is required");
        }
        return new JsonFields(value, path(name));
    }

    @Override
    public boolean isText(String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual();
    }

    @Override
    public boolean isPresent(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    public String requiredString(String name) {
        String value = optionalString(name, null);
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(path(name), path(name) + " is required");
        }
        return value;
    }

    public String optionalString(String name, String fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException(path(name), path(name) + " must be a string");
        }
        return value.asText();
    }

    /** A string field of at most {@code maxLength} characters, or {@code fallback} when absent. */
    public String optionalString(String name, String fallback, int maxLength) {
        String value = optionalString(name, fallback);
        if (value != null && value.length() > maxLength) {
            throw new InvalidRequestException(path(name), path(name) + " must be at most " + maxLength
                    + " characters, got " + value.length());
        }
        return value;
    }

    public List<String> stringList(String name, int min, int max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidRequestException(path(name), path(name) + " is required");
        }
        if (!value.isArray()) {
            throw new InvalidRequestException(path(name), path(name) + " must be an array of strings");
        }
        if (value.size() < min || value.size() > max) {
            throw new InvalidRequestException(path(name), path(name) + " must hold " + min + " to " + max
                    + " items, got " + value.size());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new InvalidRequestException(path(name), path(name) + " must hold non-empty strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    @Override
    public String text(String name) {
        return optionalString(name, null);
    }

    /** An integer field, or null when absent; beyond 64 bits it is refused, never wrapped. */
    @Override
    public Long integer(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
            throw new InvalidRequestException(path(name), path(name) + " must be an integer");
        }
        // Beyond 64 bits asLong would wrap (2^70 into range): refuse what does not fit instead.
        if (!value.canConvertToLong()) {
            throw new InvalidRequestException(path(name), path(name) + " is out of range, got " + value.asText());
        }
        return value.asLong();
    }

    public long integer(String name, long min, long max, long fallback) {
        return Bounds.of(min, max, fallback).integer(path(name), integer(name));
    }

    @Override
    public Double number(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new InvalidRequestException(path(name), path(name) + " must be a number");
        }
        return value.asDouble();
    }

    public double number(String name, double min, double max, double fallback) {
        return Bounds.of(min, max, fallback).number(path(name), number(name));
    }

    /** Booleans, also as 0/1 (the bg-replace docs give the default of {@code base64} as 1); null when absent. */
    @Override
    public Boolean flag(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        // Only 0 and 1 themselves: asInt would wrap a large number (2^32 + 1) onto 1.
        if (value.isIntegralNumber() && value.canConvertToLong() && (value.asLong() == 0 || value.asLong() == 1)) {
            return value.asLong() == 1;
        }
        throw new InvalidRequestException(path(name), path(name) + " must be true or false");
    }

    public boolean bool(String name, boolean fallback) {
        Boolean value = flag(name);
        return value == null ? fallback : value;
    }

    private String path(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
