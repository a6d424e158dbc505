package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.testing.TinySegmentationModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's own model, fed as the JSON beside it says: a tiny model built here, run for real. */
class ModelDescriptorTest {

    private static final int SIZE = 32;

    @TempDir
    Path dir;

    /** Three vertical bands of red 255, 153 and 0; green and blue, which the model ignores, vary. */
    private static RgbImage bands() {
        RgbImage photo = RgbImage.blank(SIZE, SIZE);
        int[] reds = {255, 153, 0};
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int red = reds[Math.min(2, x * 3 / SIZE)];
                photo.pixels()[y * SIZE + x] = (red << 16) | ((y * 7) & 0xFF) << 8 | ((x * 5) & 0xFF);
            }
        }
        return photo;
    }

    private Mask segment(Path model) {
        try (SegmentationModels models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(), 1)) {
            return models.segmenter(model.toString(), (stage, done, total) -> { }).segment(bands());
        }
    }

    @Test
    void logitsOnTheSecondOutputWithImageNetStyleNormalisation() throws IOException {
        Path model = TinySegmentationModel.write(dir.resolve("tiny.onnx"), SIZE, new float[] {1, 0, 0}, 0);
        Files.writeString(dir.resolve("tiny.json"), """
                {"inputSize": 32, "mean": [0.5, 0.1, 0.9], "std": [0.25, 2, 3], "outputIndex": 1, "output": "logits"}
                """);
        Mask mask = segment(model);
        // alpha = sigmoid((red/255 - 0.5) / 0.25), read in the middle of each band
        assertThat(mask.at(5, 16)).isCloseTo(sigmoid(2), within(1e-4f));
        assertThat(mask.at(16, 16)).isCloseTo(sigmoid((153 / 255f - 0.5f) / 0.25f), within(1e-4f));
        assertThat(mask.at(27, 16)).isCloseTo(sigmoid(-2), within(1e-4f));
    }

    @Test
    void probabilitiesAreUsedAsTheyComeWithinZeroToOne() throws IOException {
        Path model = TinySegmentationModel.write(dir.resolve("plain.onnx"), SIZE, new float[] {2, 0, 0}, -0.5f);
        Files.writeString(dir.resolve("plain.json"), """
                {"inputSize": 32, "mean": [0, 0, 0], "std": [1, 1, 1], "outputIndex": 1, "output": "probabilities"}
                """);
        Mask mask = segment(model);
        assertThat(mask.at(5, 16)).as("2 - 0.5, clamped").isEqualTo(1f);
        assertThat(mask.at(16, 16)).isCloseTo(2 * 153 / 255f - 0.5f, within(1e-4f));
        assertThat(mask.at(27, 16)).as("-0.5, clamped").isEqualTo(0f);
    }

    @Test
    void aModelWithoutDescriptorIsFedLikeIsnet() {
        Path model = dir.resolve("bare.onnx");
        ModelProfile profile = ModelDescriptor.profileFor(model);
        assertThat(profile.inputSize()).isEqualTo(1024);
        assertThat(profile.mean()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(profile.outputIndex()).isZero();
        assertThat(profile.output()).isEqualTo(MaskOutput.PROBABILITIES);
        assertThat(ModelDescriptor.beside(model)).isEqualTo(dir.resolve("bare.json"));
    }

    @Test
    void aWrongDescriptorIsRefusedWithWhatToFix() throws IOException {
        Path model = dir.resolve("m.onnx");
        assertRefused(model, "{\"inputSize\": 1024, \"mean\": [0.5, 0.5, 0.5], \"std\": [1, 1, 1], \"output\": \"softmax\"}",
                "'output' must be \"logits\"");
        assertRefused(model, "{\"inputSize\": 1024, \"mean\": [0.5, 0.5, 0.5], \"output\": \"logits\"}", "'std' is missing");
        assertRefused(model, "{\"inputSize\": 1024, \"mean\": [0.5, 0.5], \"std\": [1, 1, 1], \"output\": \"logits\"}",
                "'mean' must be three numbers");
        assertRefused(model, "{\"inputSize\": 1024, \"mean\": [0.5, 0.5, 0.5], \"std\": [1, 0, 1], \"output\": \"logits\"}",
                "'std' must be three numbers above 0");
        assertRefused(model, "{\"input_size\": 1024}", "unknown field 'input_size'");
        assertRefused(model, "{\"inputSize\": 0, \"mean\": [0, 0, 0], \"std\": [1, 1, 1], \"output\": \"logits\"}",
                "'inputSize' must be above 0");
        assertRefused(model, "inputSize = 1024", "is not valid JSON");
    }

    private void assertRefused(Path model, String json, String message) throws IOException {
        Files.writeString(ModelDescriptor.beside(model), json);
        assertThatThrownBy(() -> ModelDescriptor.profileFor(model))
                .isInstanceOf(ModelDescriptorException.class)
                .hasMessageContaining(ModelDescriptor.beside(model).toString())
                .hasMessageContaining(message);
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
