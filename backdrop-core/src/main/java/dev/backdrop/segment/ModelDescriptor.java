package dev.backdrop.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON file beside an operator's model ({@code my-model.json} for {@code my-model.onnx}) that
 * says how to feed it, so any square-input segmentation model (BiRefNet- or BEN2-class exports)
 * runs without code:
 *
 * <pre>{"inputSize": 1024, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
 *  "outputIndex": 0, "output": "logits"}</pre>
 *
 * {@code outputIndex} may be left out (0); everything else is required, so a model is never run
 * with normalisation it was not trained on. A model without a descriptor is fed like ISNet.
 */
public final class ModelDescriptor {

    private static final Set<String> FIELDS = Set.of("inputSize", "mean", "std", "outputIndex", "output");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelDescriptor() {
    }

    /** Where the descriptor of {@code model} lives: same folder, same base name, {@code .json}. */
    public static Path beside(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    /** The profile for an operator's model file: from its descriptor, else ISNet's. */
    public static ModelProfile profileFor(Path model) {
        Path descriptor = beside(model);
        String name = model.getFileName().toString();
        return Files.isRegularFile(descriptor) ? read(name, model, descriptor) : ModelProfile.isnet(name, model);
    }

    static ModelProfile read(String name, Path model, Path descriptor) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(descriptor));
        } catch (JsonProcessingException e) {
            throw new ModelDescriptorException(descriptor + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelDescriptorException("could not read " + descriptor + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelDescriptorException(descriptor + " must hold one JSON object with " + FIELDS);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new ModelDescriptorException(descriptor + ": unknown field '" + field + "', expected " + FIELDS);
            }
        }
        int inputSize = positiveInt(root, "inputSize", descriptor);
        float[] mean = triple(root, "mean", descriptor, false);
        float[] std = triple(root, "std", descriptor, true);
        int outputIndex = root.has("outputIndex") ? nonNegativeInt(root, "outputIndex", descriptor) : 0;
        return new ModelProfile(name, model, inputSize, mean, std, outputIndex, output(root, descriptor));
    }

    private static int positiveInt(JsonNode root, String field, Path descriptor) {
        int value = nonNegativeInt(root, field, descriptor);
        if (value == 0) {
            throw new ModelDescriptorException(descriptor + ": '" + field + "' must be above 0");
        }
        return value;
    }

    private static int nonNegativeInt(JsonNode root, String field, Path descriptor) {
        JsonNode node = required(root, field, descriptor);
        if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > 65_536) {
            throw new ModelDescriptorException(descriptor + ": '" + field + "' must be a whole number from 0 to 65536, not "
                    + node);
        }
        return node.asInt();
    }

    private static float[] triple(JsonNode root, String field, Path descriptor, boolean positive) {
        JsonNode node = required(root, field, descriptor);
        if (!node.isArray() || node.size() != 3) {
            throw new ModelDescriptorException(descriptor + ": '" + field + "' must be three numbers (R, G, B), not " + node);
        }
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            JsonNode v = node.get(c);
            if (!v.isNumber() || (positive && v.asDouble() <= 0)) {
                throw new ModelDescriptorException(descriptor + ": '" + field + "' must be three "
                        + (positive ? "numbers above 0" : "numbers") + ", not " + node);
            }
            out[c] = (float) v.asDouble();
        }
        return out;
    }

    private static MaskOutput output(JsonNode root, Path descriptor) {
        JsonNode node = required(root, "output", descriptor);
        String value = node.asText("").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "logits" -> MaskOutput.LOGITS;
            case "probabilities" -> MaskOutput.PROBABILITIES;
            default -> throw new ModelDescriptorException(descriptor
                    + ": 'output' must be \"logits\" (before a sigmoid) or \"probabilities\" (0 to 1), not " + node);
        };
    }

    private static JsonNode required(JsonNode root, String field, Path descriptor) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new ModelDescriptorException(descriptor + ": '" + field + "' is missing");
        }
        return node;
    }
}
