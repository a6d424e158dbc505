package dev.backdrop.diffusion.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a float32 safetensors file of random weights for given tensor names and shapes,
 * streamed (a checkpoint of several gigabytes never sits in memory): for timing real-size
 * conversions and steps where no published weights can be downloaded. Matrices and kernels get
 * values of about {@code 1/√fan-in}, norm scales about 1, biases about 0, so activations stay in
 * range through deep networks.
 */
public final class RandomCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RandomCheckpoint() {
    }

    public static void write(Map<String, long[]> shapes, Path file, long seed) {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long bytes = 4 * count(e.getValue());
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (long d : e.getValue()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(seed);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length);
            out.write(length.array());
            out.write(json);
            ByteBuffer piece = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                long[] shape = e.getValue();
                long n = count(shape);
                boolean vector = shape.length == 1;
                float center = vector && e.getKey().endsWith(".weight") ? 1f : 0f;
                float spread = vector ? 0.02f : (float) (1 / Math.sqrt(Math.max(1, n / shape[0])));
                for (long i = 0; i < n; i++) {
                    if (!piece.hasRemaining()) {
                        out.write(piece.array(), 0, piece.position());
                        piece.clear();
                    }
                    piece.putFloat(center + spread * (float) (random.nextDouble() * 2 - 1) * 1.7320508f);
                }
            }
            out.write(piece.array(), 0, piece.position());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
