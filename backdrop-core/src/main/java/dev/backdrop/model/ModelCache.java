package dev.backdrop.model;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The folder that holds downloaded models. A file counts as present only when its size and sha256
 * match the expected values, so a truncated or corrupt file is never loaded.
 */
public final class ModelCache {

    /** Named again whenever {@link #writeMaskGraph} changes, so files derived before are made anew. */
    static final String MASK_GRAPH_RECIPE = "recipe 2: mask output, float32, concatenations split";

    private final Path directory;

    public ModelCache(Path directory) {
        this.directory = directory;
    }

    /** {@code $BACKDROP_MODELS_DIR}, else {@code $XDG_CACHE_HOME/backdrop/models}, else {@code ~/.cache/backdrop/models}. */
    public static ModelCache fromEnvironment() {
        return new ModelCache(defaultDirectory(System.getenv()));
    }

    static Path defaultDirectory(Map<String, String> env) {
        String explicit = env.get("BACKDROP_MODELS_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "backdrop", "models");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "backdrop", "models");
    }

    public Path directory() {
        return directory;
    }

    public Path pathOf(ModelId model) {
        return directory.resolve(model.fileName());
    }

    public ModelStatus status(ModelId model) {
        Path file = pathOf(model);
        try {
            if (!Files.isRegularFile(file)) {
                return ModelStatus.MISSING;
            }
            if (Files.size(file) != model.size() || !Sha256.of(file).equals(model.sha256())) {
                return ModelStatus.CORRUPT;
            }
            return ModelStatus.VERIFIED;
        } catch (IOException | UncheckedIOException e) {
            return ModelStatus.CORRUPT;
        }
    }

    /** The verified model file, fetched first (with progress) when it is missing or corrupt. */
    public Path require(ModelId model, ModelFetcher fetcher, FetchProgress progress) {
        if (status(model) != ModelStatus.VERIFIED) {
            fetcher.fetch(model, pathOf(model), progress);
        }
        return pathOf(model);
    }

    /**
     * The graph the segmenter runs, derived once from the verified file: only the mask output and
     * the nodes it needs ({@link OutputPruning}), with float16 weights rewritten to float32
     * ({@link Float16Upcast}) and no concatenation before a convolution ({@link ConcatConvolutionSplit}).
     * Its sha256 and the recipe that made it are recorded beside it when it is written and checked
     * on every use, so a damaged file, or one an earlier version derived differently, is made again.
     */
    public Path requireMaskGraph(ModelId model, ModelFetcher fetcher, FetchProgress progress) {
        Path derived = directory.resolve(model.cliName() + ".mask.onnx");
        Path recorded = directory.resolve(model.cliName() + ".mask.onnx.sha256");
        String stage = "preparing " + model.cliName() + " for this machine";
        try {
            if (Files.isRegularFile(derived) && Files.isRegularFile(recorded)
                    && Files.readString(recorded).strip().equals(record(derived))) {
                return derived;
            }
            Path source = require(model, fetcher, progress);
            progress.update(stage, 0, -1);
            Path partial = Files.createTempFile(directory, ".derived-", ".onnx");
            try {
                writeMaskGraph(model, source, partial);
                Files.writeString(recorded, record(partial));
                Files.move(partial, derived, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            // The float32-only file of earlier versions is superseded by this one.
            Files.deleteIfExists(directory.resolve(model.cliName() + ".fp32.onnx"));
            Files.deleteIfExists(directory.resolve(model.cliName() + ".fp32.onnx.sha256"));
            // The rewrite's garbage grew the heap by several hundred MB; a full collection gives it
            // back to the system instead of leaving it committed beside the model's work (BENCHMARKS.md).
            System.gc();
            progress.update(stage, 1, 1);
            return derived;
        } catch (IOException | UncheckedIOException e) {
            throw new ModelUnavailableException("could not prepare " + model.cliName() + " in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The model parsed from the mapped file, its weights' bytes shared with the mapping rather than
     * copied: a copy of the file and one of its weights would otherwise grow the Java heap by twice
     * the file's size, and the heap keeps what it grew to for the rest of the process.
     */
    private static ModelProto parseInPlace(Path source) throws IOException {
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
            CodedInputStream in = CodedInputStream.newInstance(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE);
            return ModelProto.parseFrom(in);
        }
    }

    /** What is recorded beside a derived file: its sha256 and the recipe that made it. */
    private static String record(Path derived) {
        return Sha256.of(derived) + " " + MASK_GRAPH_RECIPE;
    }

    private static void writeMaskGraph(ModelId model, Path source, Path target) throws IOException {
        ModelProto published = parseInPlace(source);
        GraphProto graph = OutputPruning.keepOutput(published.getGraph(), model.maskOutput());
        if (model.isFloat16()) {
            graph = Float16Upcast.graph(graph);
        }
        graph = ConcatConvolutionSplit.graph(graph);
        try (OutputStream out = Files.newOutputStream(target)) {
            published.toBuilder().setGraph(graph).build().writeTo(out);
        }
    }

    public enum ModelStatus {
        VERIFIED, MISSING, CORRUPT
    }
}
