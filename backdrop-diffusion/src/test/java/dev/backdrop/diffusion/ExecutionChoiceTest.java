package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.onnx.ExecutionUnavailableException;
import dev.backdrop.diffusion.tiny.TinyVariant;
import org.junit.jupiter.api.Test;

/** Where the graphs run: the CPU by default, a CUDA device only where ONNX Runtime's CUDA build can use one. */
class ExecutionChoiceTest {

    @Test
    void askingForAGpuWithoutTheCudaProviderStopsStartUpWithWhatIsNeeded() {
        assertThat(OrtEnvironment.getAvailableProviders().stream().map(Enum::name))
                .as("the test suite runs ONNX Runtime's CPU build").doesNotContain("CUDA");

        assertThatThrownBy(() -> BackgroundSources.diffusion(TinyFolders.of(TinyVariant.SD15_INPAINT),
                DiffusionOptions.DEFAULT.withExecution(ExecutionSettings.cuda(0, 1))))
                .isInstanceOf(ExecutionUnavailableException.class)
                .hasMessageContaining("cannot use CUDA device 0")
                .hasMessageContaining("cuDNN 9");
    }

    @Test
    void settingsSayWhereTheyRun() {
        assertThat(ExecutionSettings.cuda(1, 4).describe()).isEqualTo("CUDA device 1");
        assertThat(ExecutionSettings.cpu(2).describe()).isEqualTo("CPU, 2 threads");
        assertThat(ExecutionSettings.CPU.describe()).isEqualTo("CPU, all threads");
        assertThatThrownBy(() -> ExecutionSettings.cuda(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
