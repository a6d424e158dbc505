package dev.backdrop.diffusion.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.StoredTensor;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A shape recording lists exactly the tensors of a real checkpoint of the architecture (same
 * names, same shapes): what random-weight checkpoints of real size are written from.
 */
class ShapeRecordingTest {

    @Test
    void unetRecordingMatchesTheReferenceCheckpoints() {
        for (String name : new String[] {"unet-sd15", "unet-sdxl"}) {
            try (ReferenceCase ref = ReferenceCase.of(name); Checkpoint real = ref.weights("model.safetensors")) {
                Checkpoint recording = Checkpoint.recording();
                UnetConverter.graph(UnetArchitecture.of(ref.config(), "UNet2DConditionModel"), recording,
                        UnetConverter.Wiring.TEXT_ONLY);
                assertThat(shapes(recording.recorded())).as(name).isEqualTo(shapes(real));
            }
        }
    }

    @Test
    void textEncoderAndVaeRecordingsMatchTheReferenceCheckpoints() {
        try (ReferenceCase ref = ReferenceCase.of("clip-text"); Checkpoint real = ref.weights("model.safetensors")) {
            Checkpoint recording = Checkpoint.recording();
            ClipTextConverter.graph(ClipTextConverter.Architecture.of(ref.config()), recording);
            assertThat(shapes(recording.recorded())).isEqualTo(shapes(real));
        }
        try (ReferenceCase ref = ReferenceCase.of("vae"); Checkpoint real = ref.weights("model.safetensors")) {
            Checkpoint recording = Checkpoint.recording();
            VaeConverter.Architecture a = VaeConverter.Architecture.of(ref.config());
            VaeConverter.encoder(a, recording);
            VaeConverter.decoder(a, recording);
            assertThat(shapes(recording.recorded())).isEqualTo(shapes(real));
        }
    }

    @Test
    void controlNetAndImageEncoderRecordingsMatchTheReferenceCheckpoints() {
        try (ReferenceCase ref = ReferenceCase.of("controlnet-sd15"); Checkpoint real = ref.weights("model.safetensors")) {
            Checkpoint recording = Checkpoint.recording();
            ControlNetConverter.graph(ref.config(), recording);
            assertThat(shapes(recording.recorded())).isEqualTo(shapes(real));
        }
        try (ReferenceCase ref = ReferenceCase.of("image-encoder"); Checkpoint real = ref.weights("model.safetensors")) {
            Checkpoint recording = Checkpoint.recording();
            ImageEncoderConverter.encoder(ImageEncoderConverter.Architecture.of(ref.config()), recording);
            assertThat(shapes(recording.recorded())).isEqualTo(shapes(real));
        }
        try (ReferenceCase ref = ReferenceCase.of("unet-sd15"); Checkpoint adapter = ref.weights("ip-adapter.safetensors")) {
            Checkpoint recording = Checkpoint.recording();
            UnetConverter.graph(UnetArchitecture.of(ref.config(), "UNet2DConditionModel"), Checkpoint.recording(),
                    new UnetConverter.Wiring(false, java.util.Optional.of(recording)));
            Map<String, String> real = shapes(adapter);
            real.keySet().removeIf(name -> name.startsWith("image_proj."));
            assertThat(shapes(recording.recorded())).isEqualTo(real);
        }
    }

    private static Map<String, String> shapes(Map<String, long[]> recorded) {
        Map<String, String> out = new TreeMap<>();
        recorded.forEach((k, v) -> out.put(k, java.util.Arrays.toString(v)));
        return out;
    }

    private static Map<String, String> shapes(Checkpoint real) {
        Map<String, String> out = new TreeMap<>();
        for (String n : real.names()) {
            StoredTensor t = real.find(n).orElseThrow();
            out.put(n, java.util.Arrays.toString(t.shape()));
        }
        return out;
    }
}
