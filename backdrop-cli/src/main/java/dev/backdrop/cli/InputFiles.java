package dev.backdrop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The photos a command works on, each with the name its results take in the output folder: files
 * as given, folders expanded to the images they hold with their sub-folders kept, so no result
 * overwrites another's or a photo the command reads.
 */
final class InputFiles {

    private static final Set<String> IMAGE_EXTENSIONS =
            Set.of("png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff");

    private final Map<Path, String> names;
    private final Set<Path> photos = new HashSet<>();

    private InputFiles(Map<Path, String> names) {
        this.names = names;
        for (Path file : names.keySet()) {
            photos.add(file.toAbsolutePath().normalize());
        }
    }

    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                files.addAll(imagesIn(input, null));
            } else {
                // Named files are tried whatever their extension; the decoder sniffs the content.
                files.add(input);
            }
        }
        return files;
    }

    /**
     * The photos of {@code inputs} whose results go into {@code output}, or a usage error of
     * {@code command} when they hold none. A folder's images inside {@code output}, when that is
     * one of its sub-folders, are left out: they are results of an earlier run.
     */
    static InputFiles atLeastOne(List<Path> inputs, Path output, Object command) {
        Map<Path, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        try {
            for (Path input : inputs) {
                if (Files.isDirectory(input)) {
                    for (Path file : imagesIn(input, output)) {
                        String relative = input.relativize(file).toString().replace('\\', '/');
                        name(names, taken, file, relative);
                    }
                } else {
                    name(names, taken, input, input.getFileName().toString());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ParameterException(new CommandLine(command), "cannot list the images in " + inputs + ": "
                    + e.getMessage());
        }
        if (names.isEmpty()) {
            throw new ParameterException(new CommandLine(command),
                    "no image files in " + inputs + "; give image files or folders that hold some");
        }
        return new InputFiles(names);
    }

    /**
     * Names a photo by its path without the extension; a name already given (photo.jpg beside
     * photo.png) keeps the extension, then takes a number. The same file given twice is one photo.
     */
    private static void name(Map<Path, String> names, Set<String> taken, Path file, String path) {
        if (names.containsKey(file)) {
            return;
        }
        int dot = path.lastIndexOf('.');
        String bare = dot > path.lastIndexOf('/') + 1 ? path.substring(0, dot) : path;
        String name = bare;
        if (taken.contains(name)) {
            name = path;
        }
        for (int n = 2; taken.contains(name); n++) {
            name = bare + "-" + n;
        }
        taken.add(name);
        names.put(file, name);
    }

    List<Path> files() {
        return List.copyOf(names.keySet());
    }

    /** The name, without extension and maybe with sub-folders, that {@code file}'s results take. */
    String nameOf(Path file) {
        return names.get(file);
    }

    /**
     * Where a result named {@code fileName} goes in {@code folder}, its sub-folder made; refused
     * when that is one of the photos being read.
     */
    Path target(Path folder, String fileName) throws IOException {
        Path target = folder.resolve(fileName);
        if (photos.contains(target.toAbsolutePath().normalize())) {
            throw new IOException(target + " is one of the photos being read, and a result would overwrite it;"
                    + " write the results to another folder (-o)");
        }
        Files.createDirectories(target.getParent());
        return target;
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The folder's images, less those in {@code output} when that is one of its sub-folders. */
    private static List<Path> imagesIn(Path folder, Path output) throws IOException {
        Path skip = output == null ? null : output.toAbsolutePath().normalize();
        Path results = skip != null && skip.equals(folder.toAbsolutePath().normalize()) ? null : skip;
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).filter(InputFiles::looksLikeImage)
                    .filter(f -> results == null || !f.toAbsolutePath().normalize().startsWith(results))
                    .sorted().toList();
        }
    }

    private static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
