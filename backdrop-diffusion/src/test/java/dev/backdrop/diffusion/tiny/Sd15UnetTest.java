package dev.backdrop.diffusion.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.backdrop.diffusion.DiffusionGenerator;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.diffusion.TinyFolders;
import dev.backdrop.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** SD 1.5's UNet layout, built narrow (32 channels) so that it runs in a test. */
class Sd15UnetTest {

    private static final TinyModelSpec NARROW = TinyVariant.SD15_INPAINT_UNET.spec().withUnetWidth(32);

    @Test
    void hasTheBlocksOfSd15sUnet() throws IOException {
        Path folder = TinyFolders.fresh(NARROW);
        ModelProto model;
        try (InputStream in = Files.newInputStream(folder.resolve("unet/model.onnx"))) {
            model = ModelProto.parseFrom(in);
        }
        Map<String, Long> ops = model.getGraph().getNodeList().stream()
                .collect(Collectors.groupingBy(NodeProto::getOpType, Collectors.counting()));
        // 16 transformers (6 down, 1 middle, 9 up), each with self- and cross-attention.
        assertThat(ops.get("Softmax")).isEqualTo(32);
        // 12 skip connections from the way down, one per ResNet block on the way up.
        assertThat(ops.get("Concat")).isEqualTo(12);
        // 3 downsamplers (strided) and 3 upsamplers.
        assertThat(ops.get("Resize")).isEqualTo(3);
        assertThat(model.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Conv"))
                .filter(n -> n.getAttributeList().stream().anyMatch(a -> a.getName().equals("strides")
                        && a.getInts(0) == 2))
                .count()).isEqualTo(3);
        // ResNet blocks: 8 down, 2 middle, 12 up, each with two group-normed 3x3 convolutions.
        assertThat(ops.get("InstanceNormalization")).isEqualTo(2 * 22 + 16 + 1);
    }

    @Test
    void runsThroughTheDenoisingLoop() {
        try (DiffusionGenerator generator = DiffusionGenerator.open(TinyFolders.fresh(NARROW),
                DiffusionOptions.DEFAULT.withResolution(64))) {
            RgbImage image = generator.generate(TinyFolders.request(3, 2));
            assertThat(image.width()).isEqualTo(96);
            assertThat(image.height()).isEqualTo(72);
            long distinct = Arrays.stream(image.pixels()).distinct().count();
            assertThat(distinct).as("a picture, not a flat fill").isGreaterThan(100);
        }
    }
}
