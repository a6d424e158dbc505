package dev.backdrop.segment;

import dev.backdrop.model.FetchProgress;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.ModelFetcher;
import dev.backdrop.model.ModelId;
import dev.backdrop.model.UnknownModelException;
import dev.backdrop.onnx.ExecutionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a model name ({@code isnet-fp16}, {@code isnet-quint8}) or the path of an ONNX file (fed as
 * its {@link ModelDescriptor} says, else like ISNet) into a loaded segmenter, fetching a known
 * model first when the cache lacks it. Each model is loaded
 * once and shared, since a session is thread-safe and large.
 */
public final class SegmentationModels implements AutoCloseable {

    private final ModelCache cache;
    private final ModelFetcher fetcher;
    private final ExecutionSettings execution;
    private final Map<String, OnnxSegmenter> loaded = new ConcurrentHashMap<>();

    /** Models run on the CPU with {@code threads} inference threads. */
    public SegmentationModels(ModelCache cache, ModelFetcher fetcher, int threads) {
        this(cache, fetcher, ExecutionSettings.cpu(threads));
    }

    /** Models run where {@code execution} says: CPU threads or a CUDA device. */
    public SegmentationModels(ModelCache cache, ModelFetcher fetcher, ExecutionSettings execution) {
        this.cache = cache;
        this.fetcher = fetcher;
        this.execution = execution;
    }

    /** The profile for a name or file; known models are fetched and verified on the way. */
    public ModelProfile profile(String nameOrFile, FetchProgress progress) {
        Optional<ModelId> known = ModelId.byName(nameOrFile);
        if (known.isPresent()) {
            ModelId model = known.get();
            // The mask output alone, in float32: the same mask, faster and in less memory on a CPU.
            return ModelProfile.isnet(model.cliName(), cache.requireMaskGraph(model, fetcher, progress));
        }
        Path file = Path.of(nameOrFile);
        if (nameOrFile.endsWith(".onnx") && Files.isRegularFile(file)) {
            return ModelDescriptor.profileFor(file);
        }
        throw new UnknownModelException(nameOrFile);
    }

    public OnnxSegmenter segmenter(String nameOrFile, FetchProgress progress) {
        ModelProfile profile = profile(nameOrFile, progress);
        return loaded.computeIfAbsent(profile.file().toAbsolutePath().toString(),
                key -> new OnnxSegmenter(profile, execution));
    }

    @Override
    public void close() {
        loaded.values().forEach(OnnxSegmenter::close);
        loaded.clear();
    }
}
