package dev.backdrop.diffusion.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Globs and the choice between plain and fp16 weights. */
class HubFileSelectionTest {

    static final List<HubFile> FILES = Stream.of(
            "model_index.json",
            "unet/config.json",
            "unet/diffusion_pytorch_model.safetensors",
            "unet/diffusion_pytorch_model.fp16.safetensors",
            "unet/diffusion_pytorch_model.bin",
            "text_encoder_2/model-00001-of-00002.safetensors",
            "text_encoder_2/model-00002-of-00002.safetensors",
            "text_encoder_2/model.safetensors.index.json",
            "text_encoder_2/model.fp16.safetensors",
            "text_encoder_2/model.safetensors.index.fp16.json",
            "vae/diffusion_pytorch_model.fp16.safetensors",
            "sd-v1-5-inpainting.ckpt")
            .map(path -> new HubFile(path, 1, null, null)).toList();

    static List<String> select(boolean fp16, String... globs) {
        return new FileSelection(List.of(globs), fp16).select(FILES).stream().map(HubFile::path).toList();
    }

    @Test
    void globsCrossFoldersAsTheHubClientsDo() {
        assertThat(select(false, "*.json")).containsExactly("model_index.json", "unet/config.json",
                "text_encoder_2/model.safetensors.index.json");
        assertThat(select(false, "unet/")).containsExactly("unet/config.json",
                "unet/diffusion_pytorch_model.safetensors", "unet/diffusion_pytorch_model.bin");
        assertThat(select(false, "*.ckpt", "model_index.json")).containsExactly("model_index.json",
                "sd-v1-5-inpainting.ckpt");
        assertThat(select(false, "unet/config.jso?")).containsExactly("unet/config.json");
        assertThat(select(false, "[mu]*/config.json", "[!u]*.json")).containsExactly("model_index.json",
                "unet/config.json", "text_encoder_2/model.safetensors.index.json");
        assertThat(select(false, "nothing/*")).isEmpty();
    }

    @Test
    void fp16TakesTheVariantWhereThereIsOneAndThePlainFormElsewhere() {
        assertThat(select(true, "unet/*.safetensors", "vae/*")).containsExactly(
                "unet/diffusion_pytorch_model.fp16.safetensors", "vae/diffusion_pytorch_model.fp16.safetensors");
        // Shards and their index are one set of weights with one fp16 counterpart.
        assertThat(select(true, "text_encoder_2/*")).containsExactly("text_encoder_2/model.fp16.safetensors",
                "text_encoder_2/model.safetensors.index.fp16.json");
        assertThat(select(false, "text_encoder_2/*")).containsExactly(
                "text_encoder_2/model-00001-of-00002.safetensors", "text_encoder_2/model-00002-of-00002.safetensors",
                "text_encoder_2/model.safetensors.index.json");
        // The .bin weights have no fp16 form: they stay either way.
        assertThat(select(true, "unet/*")).contains("unet/diffusion_pytorch_model.bin", "unet/config.json");
        // Weights published only as fp16 are taken without asking.
        assertThat(select(false, "vae/*")).containsExactly("vae/diffusion_pytorch_model.fp16.safetensors");
    }

    @Test
    void familiesIgnoreTheVariantAndTheShardNumber() {
        assertThat(FileSelection.family("unet/diffusion_pytorch_model.fp16.safetensors"))
                .isEqualTo(FileSelection.family("unet/diffusion_pytorch_model.safetensors"))
                .isEqualTo("unet/diffusion_pytorch_model|safetensors");
        assertThat(FileSelection.family("a/model.fp16-00001-of-00003.safetensors"))
                .isEqualTo(FileSelection.family("a/model-00002-of-00003.safetensors"))
                .isEqualTo(FileSelection.family("a/model.safetensors.index.fp16.json"));
        assertThat(FileSelection.isVariant("a/model.fp16.bin")).isTrue();
        assertThat(FileSelection.isVariant("a/fp16.json")).isFalse();
    }
}
