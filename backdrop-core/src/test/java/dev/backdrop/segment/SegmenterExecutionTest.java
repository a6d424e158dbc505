package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.ModelId;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.onnx.ExecutionUnavailableException;
import dev.backdrop.onnx.RunProfile;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The segmenter runs where its execution settings say, its model-only pass is the one segment() uses, and its pass can be profiled. */
class SegmenterExecutionTest {

    @Test
    void aGpuWithoutTheCudaProviderIsRefusedWithWhatIsNeeded() {
        assertThat(OrtEnvironment.getAvailableProviders().stream().map(Enum::name))
                .as("the test suite runs ONNX Runtime's CPU build").doesNotContain("CUDA");
        ModelProfile profile = ModelProfile.isnet("isnet-quint8", TestModels.path(ModelId.ISNET_QUINT8));

        assertThatThrownBy(() -> new OnnxSegmenter(profile, ExecutionSettings.cuda(0, 1)))
                .isInstanceOf(ExecutionUnavailableException.class)
                .hasMessageContaining("cannot use CUDA device 0")
                .hasMessageContaining("cuDNN 9");
    }

    @Test
    void aPreparedInputGivesTheSameMaskTwiceAndItsBufferIsReused() {
        OnnxSegmenter segmenter = TestModels.isnetFp16();
        RgbImage photo = TestPhotos.load("chelsea.png");
        float[] first;
        float[] second;
        try (OnnxSegmenter.ModelInput input = segmenter.prepare(photo)) {
            first = segmenter.forward(input);
            second = segmenter.forward(input);
        }
        assertThat(first).hasSize(1024 * 1024).isEqualTo(second);
        // The next photo reuses the returned buffer; its input must not carry the last one's pixels.
        RgbImage flat = RgbImage.blank(64, 48);
        try (OnnxSegmenter.ModelInput input = segmenter.prepare(flat)) {
            assertThat(segmenter.forward(input)).isNotEqualTo(first);
        }
    }

    @Test
    void theProfiledPassIsIsNetsConvolutionsInAFolderThatIsGoneAfterwards() throws Exception {
        OnnxSegmenter segmenter = TestModels.isnetFp16();
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        // Only folders this test could have left count: another process may profile beside it.
        Set<String> before = profileFolders(temporary);
        RunProfile run;
        try (OnnxSegmenter.ModelInput input = segmenter.prepare(TestPhotos.load("chelsea.png"))) {
            // The second, warm run: the first also allocates its activations, which took up to a
            // fifth of it under load.
            run = segmenter.profile(input, 2);
        }

        // ISNet at 1024² is about 320 GFLOP of 3×3 convolutions, which take nearly all of the pass.
        assertThat(run.convolutionFlops()).isBetween(3.0e11, 3.4e11);
        assertThat(run.operators().keySet().iterator().next()).isEqualTo("Conv");
        // Against the operators' own time: the run's wall time also counts the moments the
        // thread waited for a core, which a loaded machine makes long.
        assertThat(run.convolutionMs()).isGreaterThan(0.8 * run.operatorsMs());
        assertThat(profileFolders(temporary)).isSubsetOf(before);
        try (OnnxSegmenter.ModelInput input = segmenter.prepare(RgbImage.blank(8, 8))) {
            assertThatThrownBy(() -> segmenter.profile(input, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Set<String> profileFolders(Path folder) throws Exception {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("backdrop-profile-"))
                    .collect(Collectors.toSet());
        }
    }
}
