package dev.backdrop.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Pairs the photos of one folder with the masks of another by base name ({@code 001.jpg} with {@code 001.png}). */
public final class LabelledPhotos {

    private LabelledPhotos() {
    }

    public static List<LabelledPhoto> pair(Path photos, Path masks) throws IOException {
        Map<String, Path> photoFiles = byBaseName(photos);
        Map<String, Path> maskFiles = byBaseName(masks);
        if (photoFiles.isEmpty()) {
            throw new EvaluationDataException("no photos in " + photos);
        }
        List<LabelledPhoto> pairs = new ArrayList<>();
        List<String> unlabelled = new ArrayList<>();
        for (Map.Entry<String, Path> e : photoFiles.entrySet()) {
            Path mask = maskFiles.get(e.getKey());
            if (mask == null) {
                unlabelled.add(e.getValue().getFileName().toString());
            } else {
                pairs.add(new LabelledPhoto(e.getKey(), e.getValue(), mask));
            }
        }
        if (!unlabelled.isEmpty()) {
            throw new EvaluationDataException(unlabelled.size() + " photo(s) have no mask of the same base name in "
                    + masks + ": " + String.join(", ", unlabelled.subList(0, Math.min(5, unlabelled.size())))
                    + (unlabelled.size() > 5 ? ", ..." : ""));
        }
        return pairs;
    }

    private static Map<String, Path> byBaseName(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new EvaluationDataException("not a folder: " + folder);
        }
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : (Iterable<Path>) entries.filter(Files::isRegularFile).sorted()::iterator) {
                String name = file.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot > 0 && !name.startsWith(".")) {
                    Path before = files.putIfAbsent(name.substring(0, dot), file);
                    if (before != null) {
                        throw new EvaluationDataException("two files share the base name " + name.substring(0, dot)
                                + " in " + folder + ": " + before.getFileName() + " and " + name);
                    }
                }
            }
        }
        return files;
    }
}
