package dev.backdrop.diffusion.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes safetensors files for tests, including deliberately broken ones. */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode header = JSON.createObjectNode();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter floats(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return raw(name, "F32", b.array(), shape);
    }

    public SafetensorsWriter halves(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort(ai.onnxruntime.platform.Fp16Conversions.floatToFp16(v));
        }
        return raw(name, "F16", b.array(), shape);
    }

    public SafetensorsWriter longs(String name, long[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return raw(name, "I64", b.array(), shape);
    }

    /** A tensor with any dtype name and bytes, consistent or not. */
    public SafetensorsWriter raw(String name, String dtype, byte[] bytes, long... shape) {
        ObjectNode entry = header.putObject(name);
        entry.put("dtype", dtype);
        entry.putArray("shape").addAll(java.util.Arrays.stream(shape).mapToObj(JSON.getNodeFactory()::numberNode).toList());
        entry.putArray("data_offsets").add(data.size()).add(data.size() + bytes.length);
        data.writeBytes(bytes);
        return this;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public byte[] bytes() {
        ObjectNode h = header.deepCopy();
        if (!metadata.isEmpty()) {
            ObjectNode m = JSON.createObjectNode();
            metadata.forEach(m::put);
            h.set("__metadata__", m);
        }
        byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data.toByteArray());
        return out.array();
    }

    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes());
    }
}
