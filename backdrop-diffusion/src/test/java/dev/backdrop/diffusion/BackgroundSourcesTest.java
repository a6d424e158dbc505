package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.diffusion.tiny.TinyVariant;
import org.junit.jupiter.api.Test;

/** Which request fields each generator cannot use, so responses name them instead of failing. */
class BackgroundSourcesTest {

    @Test
    void theProceduralScenesIgnoreTheDenoisingFields() {
        try (BackgroundSources sources = BackgroundSources.procedural()) {
            assertThat(sources.ignored()).containsExactly("scheduler", "num_inference_steps", "guidance_scale", "cn_weight");
            assertThat(sources.describe()).isEqualTo("procedural scenes");
        }
    }

    @Test
    void aModelWithoutControlNetOrIpAdapterIgnoresTheirFieldsAndSaysWhichPartsItHas() {
        try (BackgroundSources plain = BackgroundSources.diffusion(TinyFolders.of(TinyVariant.SD15_INPAINT), DiffusionOptions.DEFAULT);
             BackgroundSources control = BackgroundSources.diffusion(TinyFolders.of(TinyVariant.SD15_CONTROLNET),
                     DiffusionOptions.DEFAULT)) {
            assertThat(plain.ignored()).containsExactly("cn_weight", "ref_image", "ip_adapter_weight");
            assertThat(plain.describe()).startsWith("Stable Diffusion inpainting; ControlNet: none");
            assertThat(control.ignored()).containsExactly("ref_image", "ip_adapter_weight");
            assertThat(control.describe()).contains("ControlNet: live");
        }
    }
}
