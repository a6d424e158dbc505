package dev.backdrop.diffusion.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void readsShardsListedInAnIndexAsOneCheckpoint() throws IOException {
        new SafetensorsWriter().floats("a.weight", new float[] {1, 2}, 2)
                .write(dir.resolve("diffusion_pytorch_model-00001-of-00002.safetensors"));
        new SafetensorsWriter().floats("b.weight", new float[] {3, 4, 5}, 3)
                .write(dir.resolve("diffusion_pytorch_model-00002-of-00002.safetensors"));
        Files.writeString(dir.resolve("diffusion_pytorch_model.safetensors.index.json"), """
                {"metadata": {"total_size": 20}, "weight_map": {
                  "a.weight": "diffusion_pytorch_model-00001-of-00002.safetensors",
                  "b.weight": "diffusion_pytorch_model-00002-of-00002.safetensors"}}""");
        try (Checkpoint c = Checkpoint.open(dir, "diffusion_pytorch_model", false)) {
            assertThat(c.names()).containsExactlyInAnyOrder("a.weight", "b.weight");
            assertThat(c.require("b.weight", 3).floats()).containsExactly(3, 4, 5);
        }
    }

    @Test
    void aShardTheIndexNamesButThatIsMissingIsNamed() throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\"}}");
        assertThatThrownBy(() -> Checkpoint.open(dir, "model", false))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("lists model-00001-of-00002.safetensors, which is missing");
    }

    @Test
    void prefersTheFp16VariantOnlyWhenAsked() throws IOException {
        new SafetensorsWriter().floats("w", new float[] {0.1f}, 1).write(dir.resolve("model.safetensors"));
        new SafetensorsWriter().halves("w", new float[] {0.5f}, 1).write(dir.resolve("model.fp16.safetensors"));
        try (Checkpoint full = Checkpoint.open(dir, "model", false); Checkpoint half = Checkpoint.open(dir, "model", true)) {
            assertThat(full.require("w", 1).dtype()).isEqualTo(DType.F32);
            assertThat(half.require("w", 1).dtype()).isEqualTo(DType.F16);
            assertThat(half.require("w", 1).floats()).containsExactly(0.5f);
        }
    }

    @Test
    void aMissingTensorIsNamedWithItsExpectedShape() throws IOException {
        Path file = new SafetensorsWriter().floats("w", new float[4], 4).write(dir.resolve("m.safetensors"));
        try (Checkpoint c = Checkpoint.of(file)) {
            assertThatThrownBy(() -> c.require("conv_in.weight", 320, 9, 3, 3))
                    .isInstanceOf(InvalidCheckpointException.class)
                    .hasMessageContaining("has no tensor \"conv_in.weight\" (expected shape [320, 9, 3, 3])");
            assertThatThrownBy(() -> c.require("w", 2, 2))
                    .hasMessageContaining("tensor \"w\" has shape [4], expected [2, 2]");
        }
    }

    @Test
    void tensorsTheConverterNeverAskedForAreReportedAsUnknown() throws IOException {
        Path file = new SafetensorsWriter().floats("known", new float[1], 1).floats("stray.weight", new float[1], 1)
                .longs("position_ids", new long[] {0}, 1).write(dir.resolve("m.safetensors"));
        try (Checkpoint c = Checkpoint.of(file)) {
            c.require("known", 1);
            c.require("stray.weight", 1);
            c.requireAllUsed("test model", n -> n.equals("position_ids"));
        }
        try (Checkpoint c = Checkpoint.of(file)) {
            c.require("known", 1);
            assertThatThrownBy(() -> c.requireAllUsed("CLIPTextModel", n -> n.equals("position_ids")))
                    .isInstanceOf(InvalidCheckpointException.class)
                    .hasMessageContaining("1 tensor(s) that a CLIPTextModel does not have: stray.weight");
        }
    }
}
