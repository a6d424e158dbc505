package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The converted VAE against diffusers' AutoencoderKL on the same tiny checkpoint (norm_num_groups 8, not 32). */
class VaeConverterTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"model.safetensors", "model-legacy-attention.safetensors"})
    void encoderAndDecoderMatchTheReference(String file) throws Exception {
        try (ReferenceCase ref = ReferenceCase.of("vae"); Checkpoint weights = ref.weights(file)) {
            VaeConverter.Architecture a = VaeConverter.Architecture.of(ref.config());
            Map<String, float[]> encoded = ReferenceCase.run(VaeConverter.encoder(a, weights), dir.resolve("encoder"),
                    Map.of("sample", ref.floatInput("image")));
            ref.assertMatches("moments", encoded.get("latent_parameters"));
            Map<String, float[]> decoded = ReferenceCase.run(VaeConverter.decoder(a, weights), dir.resolve("decoder"),
                    Map.of("latent_sample", ref.floatInput("latents")));
            ref.assertMatches("decoded", decoded.get("sample"));
            weights.requireAllUsed("AutoencoderKL", name -> false);
        }
    }
}
