package dev.backdrop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The files a command works on: files as given, folders expanded to the images they hold. */
final class InputFiles {

    private static final Set<String> IMAGE_EXTENSIONS =
            Set.of("png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff");

    private InputFiles() {
    }

    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).filter(InputFiles::looksLikeImage).sorted().forEach(files::add);
                }
            } else {
                // Named files are tried whatever their extension; the decoder sniffs the content.
                files.add(input);
            }
        }
        return files;
    }

    /** The files of {@code inputs}, or a usage error of {@code command} when they hold no image. */
    static List<Path> atLeastOne(List<Path> inputs, Object command) throws IOException {
        List<Path> files = expand(inputs);
        if (files.isEmpty()) {
            throw new ParameterException(new CommandLine(command),
                    "no image files in " + inputs + "; give image files or folders that hold some");
        }
        return files;
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
