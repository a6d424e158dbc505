package dev.backdrop.diffusion.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the data. The header is checked whole when the file is
 * opened (a truncated download or a corrupt header fails here, naming the file); tensor bytes
 * are memory-mapped one tensor at a time when asked for.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The reference reader refuses larger headers too; a bigger length means a corrupt file. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, StoredTensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private SafetensorsFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        long size = channel.size();
        if (size < 8) {
            throw invalid("is " + size + " bytes long, too short for a safetensors header (truncated?)");
        }
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(length, 0);
        long headerLength = length.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER) {
            throw invalid("declares a header of " + headerLength + " bytes; not a safetensors file, or corrupt");
        }
        if (8 + headerLength > size) {
            throw invalid("is truncated: its header declares " + headerLength + " bytes but the file has only "
                    + (size - 8) + " after the length");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        channel.read(header, 8);
        dataStart = 8 + headerLength;
        JsonNode root;
        try {
            root = JSON.readTree(header.array());
        } catch (JsonProcessingException e) {
            throw invalid("has a malformed header (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw invalid("has a header that is not a JSON object");
        }
        long dataSize = size - dataStart;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(field.getKey(), entry(field.getKey(), field.getValue(), dataSize));
        }
    }

    public static SafetensorsFile open(Path path) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            return new SafetensorsFile(path, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InvalidCheckpointException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private StoredTensor entry(String name, JsonNode node, long dataSize) {
        String dtypeName = node.path("dtype").asText("");
        DType dtype = DType.of(dtypeName).orElseThrow(() -> invalid("gives tensor \"" + name
                + "\" the unknown dtype \"" + dtypeName + "\""));
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw invalid("has a malformed entry for tensor \"" + name + "\": " + node);
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw invalid("gives tensor \"" + name + "\" a negative dimension: " + shapeNode);
            }
            count *= shape[i];
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin) {
            throw invalid("gives tensor \"" + name + "\" the byte range " + offsets);
        }
        if (end > dataSize) {
            throw invalid("is truncated: tensor \"" + name + "\" ends at byte " + end + " of the data but the file holds "
                    + dataSize + " bytes of data");
        }
        if (end - begin != count * dtype.bytes()) {
            throw invalid("gives tensor \"" + name + "\" " + (end - begin) + " bytes, but " + shapeNode + " of " + dtype
                    + " needs " + count * dtype.bytes());
        }
        return new StoredTensor(this, name, dtype, shape, begin, end);
    }

    public Path path() {
        return path;
    }

    /** The header's {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** Every tensor, in header order. */
    public Map<String, StoredTensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    ByteBuffer map(StoredTensor tensor) {
        return map(tensor, 0, tensor.byteSize());
    }

    ByteBuffer map(StoredTensor tensor, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > tensor.byteSize()) {
            throw new IndexOutOfBoundsException("bytes " + offset + "+" + length + " of " + tensor.describe());
        }
        if (length > Integer.MAX_VALUE) {
            throw new InvalidCheckpointException(tensor.describe() + " is over 2 GB; read it in pieces");
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + tensor.begin() + offset, length)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + tensor.describe(), e);
        }
    }

    private InvalidCheckpointException invalid(String what) {
        return new InvalidCheckpointException(path + " " + what);
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }
}
