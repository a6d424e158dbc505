package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.ModelId;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.onnx.ExecutionUnavailableException;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import org.junit.jupiter.api.Test;

/** The segmenter runs where its execution settings say, and its model-only pass is the one segment() uses. */
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
}
