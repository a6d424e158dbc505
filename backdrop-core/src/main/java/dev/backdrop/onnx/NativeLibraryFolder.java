package dev.backdrop.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the folder ONNX Runtime's Java loader extracts its libraries to. The loader makes a new
 * {@code onnxruntime-java*} folder in the temporary directory per process and leaves it to
 * {@code File.deleteOnExit}, which asks for the folder first, while the libraries are still in it:
 * every run left an empty folder behind, and a killed one 28 MB of libraries. A loaded library
 * needs no file, so the folder goes as soon as the runtime has started. The loader names the
 * paths only in its FINE log, which is read for that one start; should it stop naming them,
 * nothing is removed.
 */
final class NativeLibraryFolder {

    private static final Pattern SCHEDULED = Pattern.compile("Deleting (.+) on exit");
    /** The two libraries the loader has loaded once it returns; anything else it extracted stays. */
    private static final Set<String> LOADED = Set.of(System.mapLibraryName("onnxruntime"),
            System.mapLibraryName("onnxruntime4j_jni"));

    private NativeLibraryFolder() {
    }

    /** Runs {@code start}, which loads the runtime, and removes the folder it extracted the libraries to. */
    static <T> T removedAfter(Supplier<T> start) {
        Logger loader = Logger.getLogger("ai.onnxruntime.OnnxRuntime");
        List<Path> scheduled = new ArrayList<>();
        Handler reader = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Matcher m = SCHEDULED.matcher(String.valueOf(record.getMessage()));
                if (m.matches()) {
                    synchronized (scheduled) {
                        scheduled.add(Path.of(m.group(1)));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = loader.getLevel();
        reader.setLevel(Level.FINE);
        loader.addHandler(reader);
        loader.setLevel(Level.FINE);
        try {
            return start.get();
        } finally {
            loader.setLevel(level);
            loader.removeHandler(reader);
            synchronized (scheduled) {
                remove(scheduled);
            }
        }
    }

    /** Deletes the loaded libraries among {@code paths}, then their folder when nothing else is in it. */
    static void remove(List<Path> paths) {
        for (Path path : paths) {
            if (path.getFileName() != null && LOADED.contains(path.getFileName().toString())) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    return; // left to the loader's own deletion at exit
                }
            }
        }
        for (Path path : paths) {
            if (path.getFileName() != null && path.getFileName().toString().startsWith("onnxruntime-java")
                    && Files.isDirectory(path)) {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    // not empty: something else the loader extracted is still there for later
                }
            }
        }
    }
}
