package dev.backdrop.diffusion.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The weights of one model (a UNet, a text encoder, ...) as published: a single safetensors file
 * or shards listed in an index. Tensors are looked up by their published names; the converter
 * asks for each with the shape it expects, and every tensor it asked for is remembered, so that a
 * tensor the converter did not know is reported instead of silently dropped.
 */
public final class Checkpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final List<SafetensorsFile> files;
    private final Map<String, StoredTensor> tensors = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();
    /** In a shape recording, every tensor asked for and its shape; else null. */
    private final Map<String, long[]> recorded;

    private Checkpoint(String source, List<SafetensorsFile> files) {
        this(source, files, null);
    }

    private Checkpoint(String source, List<SafetensorsFile> files, Map<String, long[]> recorded) {
        this.source = source;
        this.files = files;
        this.recorded = recorded;
        for (SafetensorsFile file : files) {
            for (StoredTensor t : file.tensors().values()) {
                StoredTensor earlier = tensors.putIfAbsent(t.name(), t);
                if (earlier != null) {
                    close();
                    throw new InvalidCheckpointException(source + " holds tensor \"" + t.name() + "\" twice, in "
                            + earlier.file().path().getFileName() + " and " + file.path().getFileName());
                }
            }
        }
    }

    /**
     * A checkpoint with no data that grants every tensor asked for and records its name and shape:
     * building a converter's graph from it lists exactly the tensors a checkpoint of that
     * architecture holds (for writing random-weight checkpoints of real size). Its tensors cannot
     * be read.
     */
    public static Checkpoint recording() {
        return new Checkpoint("(shape recording)", List.of(), new LinkedHashMap<>());
    }

    /** The tensors a {@link #recording()} was asked for, in order. */
    public Map<String, long[]> recorded() {
        if (recorded == null) {
            throw new IllegalStateException(source + " is not a shape recording");
        }
        return Collections.unmodifiableMap(recorded);
    }

    /** One or more safetensors files read as one checkpoint. */
    public static Checkpoint of(Path... files) {
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            for (Path f : files) {
                opened.add(SafetensorsFile.open(f));
            }
        } catch (RuntimeException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
        return new Checkpoint(files.length == 1 ? files[0].toString() : Arrays.toString(files), opened);
    }

    /**
     * The weights named {@code baseName} in {@code folder} as diffusers and transformers save
     * them: {@code baseName.safetensors}, its fp16 variant {@code baseName.fp16.safetensors}, or
     * shards listed in {@code baseName[.fp16].safetensors.index.json}. With {@code preferFp16}
     * the fp16 variant is taken when both are there.
     */
    public static Checkpoint open(Path folder, String baseName, boolean preferFp16) {
        List<String> variants = preferFp16 ? List.of(".fp16", "") : List.of("", ".fp16");
        for (String variant : variants) {
            Path single = folder.resolve(baseName + variant + ".safetensors");
            if (Files.isRegularFile(single)) {
                return of(single);
            }
            Path index = folder.resolve(baseName + variant + ".safetensors.index.json");
            if (Files.isRegularFile(index)) {
                return sharded(index);
            }
        }
        throw new InvalidCheckpointException(folder + " has no " + baseName + ".safetensors (nor an fp16 variant or a"
                + " sharded index); only safetensors weights are read");
    }

    /** Shards listed in a {@code *.safetensors.index.json} ({@code weight_map}: tensor name to file). */
    public static Checkpoint sharded(Path index) {
        JsonNode map;
        try {
            map = JSON.readTree(index.toFile()).path("weight_map");
        } catch (IOException e) {
            throw new InvalidCheckpointException("cannot read the shard index " + index + ": " + e.getMessage(), e);
        }
        if (!map.isObject() || map.isEmpty()) {
            throw new InvalidCheckpointException("the shard index " + index + " has no weight_map");
        }
        Set<String> shardNames = new TreeSet<>();
        map.fields().forEachRemaining(e -> shardNames.add(e.getValue().asText()));
        List<Path> shards = new ArrayList<>();
        for (String name : shardNames) {
            Path shard = index.resolveSibling(name);
            if (!Files.isRegularFile(shard)) {
                throw new InvalidCheckpointException("the shard index " + index + " lists " + name + ", which is missing");
            }
            shards.add(shard);
        }
        Checkpoint checkpoint = of(shards.toArray(Path[]::new));
        List<String> unlisted = new ArrayList<>();
        map.fields().forEachRemaining(e -> {
            StoredTensor t = checkpoint.tensors.get(e.getKey());
            if (t == null || !t.file().path().getFileName().toString().equals(e.getValue().asText())) {
                unlisted.add(e.getKey());
            }
        });
        if (!unlisted.isEmpty()) {
            checkpoint.close();
            throw new InvalidCheckpointException("the shard index " + index + " places tensors where the shards do not"
                    + " hold them: " + first(unlisted));
        }
        return checkpoint;
    }

    public String source() {
        return source;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor, if present; marks it used. */
    public Optional<StoredTensor> find(String name) {
        StoredTensor t = tensors.get(name);
        if (t != null) {
            used.add(name);
        }
        return Optional.ofNullable(t);
    }

    /**
     * The tensor, which must exist with exactly {@code shape} and a float dtype; marks it used.
     * Fails with the name and the expected shape, so a user can tell which part of a checkpoint
     * is missing or of another model.
     */
    public StoredTensor require(String name, long... shape) {
        if (recorded != null) {
            recorded.put(name, shape.clone());
            return new StoredTensor(null, name, DType.F32, shape.clone(), 0, 0);
        }
        StoredTensor t = tensors.get(name);
        if (t == null) {
            throw new InvalidCheckpointException(source + " has no tensor \"" + name + "\" (expected shape "
                    + Arrays.toString(shape) + ")");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new InvalidCheckpointException(source + ": tensor \"" + name + "\" has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape)
                    + " (a checkpoint of another model, or a config.json that does not match it)");
        }
        t.requireFloat();
        used.add(name);
        return t;
    }

    /**
     * Fails when the checkpoint holds tensors the converter never asked for, other than those
     * {@code ignorable} accepts (buffers such as {@code position_ids}): they would be silently
     * lost, which means the checkpoint is of another architecture than its config says.
     */
    public void requireAllUsed(String family, Predicate<String> ignorable) {
        List<String> unknown = new ArrayList<>();
        for (String name : tensors.keySet()) {
            if (!used.contains(name) && !ignorable.test(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidCheckpointException(source + " holds " + unknown.size() + " tensor(s) that a " + family
                    + " does not have: " + first(unknown) + " (a checkpoint of another model family?)");
        }
    }

    private static String first(List<String> names) {
        int shown = Math.min(5, names.size());
        return String.join(", ", names.subList(0, shown)) + (names.size() > shown ? ", ..." : "");
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
