package dev.backdrop.diffusion.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    @Test
    void readsFloat32Float16AndIntegerTensorsWithTheirShapes() throws IOException {
        Path file = new SafetensorsWriter()
                .floats("a", new float[] {1.5f, -2f, 3.25f, 0f, 1e-3f, 7f}, 2, 3)
                .halves("h", new float[] {0.5f, -1.25f, 65504f}, 3)
                .longs("position_ids", new long[] {0, 1, 2, 3}, 1, 4)
                .metadata("format", "pt")
                .write(dir.resolve("m.safetensors"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertThat(f.tensors().keySet()).containsExactly("a", "h", "position_ids");
            assertThat(f.metadata()).containsEntry("format", "pt");
            StoredTensor a = f.tensors().get("a");
            assertThat(a.shape()).containsExactly(2, 3);
            assertThat(a.floats()).containsExactly(1.5f, -2f, 3.25f, 0f, 1e-3f, 7f);
            assertThat(f.tensors().get("h").dtype()).isEqualTo(DType.F16);
            assertThat(f.tensors().get("h").floats()).containsExactly(0.5f, -1.25f, 65504f);
            assertThat(f.tensors().get("position_ids").longs()).containsExactly(0, 1, 2, 3);
            float[] piece = new float[2];
            a.floats(3, piece, 2);
            assertThat(piece).containsExactly(0f, 1e-3f);
        }
    }

    @Test
    void refusesATruncatedHeader() throws IOException {
        byte[] whole = new SafetensorsWriter().floats("a", new float[16], 16).bytes();
        Path file = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(whole, 30));
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("cut.safetensors")
                .hasMessageContaining("truncated: its header declares");
    }

    @Test
    void refusesAHeaderThatClaimsMoreBytesThanTheFileHas() throws IOException {
        byte[] whole = new SafetensorsWriter().floats("a", new float[8], 8).floats("b", new float[8], 8).bytes();
        Path file = Files.write(dir.resolve("short.safetensors"), Arrays.copyOf(whole, whole.length - 4));
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("tensor \"b\" ends at byte 64 of the data but the file holds 60 bytes");
    }

    @Test
    void refusesAnUnknownDtypeAndNamesTheTensor() throws IOException {
        Path file = new SafetensorsWriter().raw("weird", "F12", new byte[6], 4).write(dir.resolve("x.safetensors"));
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("tensor \"weird\" the unknown dtype \"F12\"");
    }

    @Test
    void refusesAByteRangeThatDisagreesWithTheShape() throws IOException {
        Path file = new SafetensorsWriter().raw("w", "F32", new byte[12], 2, 2).write(dir.resolve("x.safetensors"));
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("gives tensor \"w\" 12 bytes, but [2,2] of F32 needs 16");
    }

    @Test
    void refusesAFileThatIsNotSafetensors() throws IOException {
        Path file = Files.writeString(dir.resolve("model.safetensors"), "version https://git-lfs.github.com/spec/v1\n");
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("not a safetensors file, or corrupt");
    }

    @Test
    void aWeightOfAnUnsupportedDtypeIsRefusedWhenAskedFor() throws IOException {
        Path file = new SafetensorsWriter().raw("q", "I8", new byte[4], 4).write(dir.resolve("q.safetensors"));
        try (Checkpoint c = Checkpoint.of(file)) {
            assertThatThrownBy(() -> c.require("q", 4))
                    .isInstanceOf(InvalidCheckpointException.class)
                    .hasMessageContaining("has dtype I8, which cannot be converted");
        }
    }
}
