package dev.backdrop.diffusion.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.diffusion.TinyFolders;
import dev.backdrop.diffusion.tiny.TinyVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MemoryCheckTest {

    @Test
    void countsEveryGraphsWeightsAndRefusesWhatDoesNotFit() throws Exception {
        Path folder = TinyFolders.of(TinyVariant.SD15_CONTROLNET);
        long files = 0;
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.filter(p -> p.getFileName().toString().startsWith("model.onnx")).toList()) {
                files += Files.size(p);
            }
        }
        assertThat(MemoryCheck.weights(folder)).isEqualTo(files).isPositive();
        long needed = MemoryCheck.required(folder);
        assertThat(needed).isEqualTo(files + files / 3 + MemoryCheck.ACTIVATIONS);

        MemoryCheck.require(folder, "this machine", OptionalLong.of(needed));
        MemoryCheck.require(folder, "CUDA device 0", OptionalLong.empty());
        assertThatThrownBy(() -> MemoryCheck.require(folder, "CUDA device 0", OptionalLong.of(needed - 1)))
                .isInstanceOf(InvalidDiffusionModelException.class)
                .hasMessageContaining("needs about 1.00 GiB")
                .hasMessageContaining("CUDA device 0 has 1.00 GiB available");
    }

    @Test
    void thisMachinesAvailableMemoryIsKnown() {
        assertThat(MemoryCheck.systemAvailable()).isPresent();
        assertThat(MemoryCheck.systemAvailable().getAsLong()).isPositive();
    }
}
