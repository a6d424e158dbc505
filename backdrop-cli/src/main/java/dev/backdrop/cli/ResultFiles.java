package dev.backdrop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backdrop.compose.Fidelity;
import dev.backdrop.compose.Layers;
import dev.backdrop.image.Encoding;
import dev.backdrop.image.ImageEncoder;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.service.ResultDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes one photo's results into the output folder: {@code BASE-SAMPLE.EXT} per result, its
 * layers as {@code BASE-SAMPLE.LAYER.png}, and {@code BASE.json} describing them all.
 */
final class ResultFiles {

    private final Path folder;
    private final Encoding encoding;
    private final ImageEncoder encoder = new ImageEncoder();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final InputFiles photos;

    ResultFiles(Path folder, Encoding encoding, InputFiles photos) {
        this.folder = folder;
        this.encoding = encoding;
        this.photos = photos;
    }

    /** Writes the files and returns one readable line per result. */
    List<String> write(Path input, ReplaceRequest request, List<ReplaceResult> results) throws IOException {
        String base = photos.nameOf(input);
        ObjectNode description = json.createObjectNode();
        description.put("input", input.toString());
        description.put("prompt", request.prompt());
        description.put("negative_prompt", request.negativePrompt());
        ArrayNode entries = description.putArray("results");
        List<String> lines = new ArrayList<>();
        for (ReplaceResult result : results) {
            String name = base + "-" + result.sample();
            String file = name + "." + encoding.format().extension();
            Files.write(photos.target(folder, file), encoder.encode(result.image(), encoding));
            ObjectNode entry = entries.addObject();
            entry.put("file", file);
            entry.put("sample", result.sample());
            entry.put("seed", result.seed());
            StringBuilder line = new StringBuilder(file).append("  seed ").append(result.seed());
            if (!result.isCutout()) {
                entry.setAll((ObjectNode) json.valueToTree(ResultDescription.of(result)));
                Fidelity f = result.fidelity();
                if (f.pixels() == 0) {
                    line.append("  warning: no product found in the photo; the picture is the background alone");
                } else {
                    line.append(String.format(Locale.ROOT, "  ΔE2000 %.2f  SSIM %.4f", f.meanDeltaE2000(), f.ssim()));
                }
                line.append("  read as: ").append(result.reading().summary());
                if (!result.reading().notUnderstood().isEmpty()) {
                    line.append("  (not understood: ").append(String.join(", ", result.reading().notUnderstood()))
                            .append(")");
                }
                if (result.staging() != null && result.staging().upscaledTooMuch()) {
                    line.append(String.format(Locale.ROOT, "  warning: product enlarged %.1fx", result.staging().scale()));
                }
            }
            if (result.layers() != null) {
                ArrayNode layerFiles = entry.putArray("layers");
                for (String layerFile : writeLayers(name, result.layers())) {
                    layerFiles.add(layerFile);
                }
            }
            lines.add(line.toString());
        }
        Files.write(photos.target(folder, base + ".json"), json.writeValueAsBytes(description));
        return lines;
    }

    private List<String> writeLayers(String name, Layers layers) throws IOException {
        Encoding png = Encoding.png();
        List<String> files = List.of(name + ".cutout.png", name + ".shadow.png", name + ".background.png",
                name + ".mask.png");
        Files.write(photos.target(folder, files.get(0)), encoder.encode(layers.cutout(), png));
        Files.write(photos.target(folder, files.get(1)), encoder.encode(layers.shadow(), png));
        Files.write(photos.target(folder, files.get(2)), encoder.encode(layers.background(), png));
        Files.write(photos.target(folder, files.get(3)), encoder.encodeMask(layers.mask()));
        return files;
    }
}
