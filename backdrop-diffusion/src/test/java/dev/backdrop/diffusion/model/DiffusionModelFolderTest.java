package dev.backdrop.diffusion.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import dev.backdrop.diffusion.TinyFolders;
import dev.backdrop.diffusion.tiny.TinyModelSpec;
import dev.backdrop.diffusion.tiny.TinyModels;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.model.FolderTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiffusionModelFolderTest {

    @Test
    void readsAnInpaintingFolderFromItsMetadata() {
        try (DiffusionModelFolder folder = DiffusionModelFolder.open(TinyFolders.of(TinyVariant.SD15_INPAINT))) {
            assertThat(folder.sdxl()).isFalse();
            assertThat(folder.inpaintingUnet()).isTrue();
            assertThat(folder.unetInChannels()).isEqualTo(9);
            assertThat(folder.latentChannels()).isEqualTo(4);
            assertThat(folder.timestepForm()).isEqualTo(TimestepForm.INT64_BATCH);
            assertThat(folder.vaeEncoderOutput()).isEqualTo("latent_sample");
            assertThat(folder.vaeEncoderOutputsParameters()).isFalse();
            assertThat(folder.scalingFactor()).isEqualTo(0.18215);
            assertThat(folder.vaeScaleFactor()).isEqualTo(8);
            assertThat(folder.sampleSize()).isEqualTo(TinyModels.SAMPLE_SIZE);
            assertThat(folder.controlNet()).isInstanceOf(ControlNetWiring.Absent.class);
            assertThat(folder.imagePrompt()).isInstanceOf(ImagePromptWiring.Absent.class);
            assertThat(folder.describeParts()).contains("ControlNet: none (no controlnet/ folder")
                    .contains("IP-Adapter: none (no image_encoder/ folder");
            assertThat(folder.textEncoders()).hasSize(1);
            assertThat(folder.textEncoders().get(0).inputIds().type()).isEqualTo(OnnxJavaType.INT32);
            assertThat(folder.textEncoders().get(0).hiddenOutput()).isEqualTo("last_hidden_state");
            assertThat(Files.exists(folder.dir().resolve("unet/model.onnx_data"))).as("external weights").isTrue();
        }
    }

    @Test
    void readsAnSdxlFolder() {
        try (DiffusionModelFolder folder = DiffusionModelFolder.open(TinyFolders.of(TinyVariant.SDXL))) {
            assertThat(folder.sdxl()).isTrue();
            assertThat(folder.inpaintingUnet()).isFalse();
            assertThat(folder.timestepForm()).isEqualTo(TimestepForm.FLOAT_BATCH);
            assertThat(folder.vaeEncoderOutput()).isEqualTo("latent_parameters");
            assertThat(folder.vaeEncoderOutputsParameters()).isTrue();
            assertThat(folder.scalingFactor()).isEqualTo(0.13025);
            assertThat(folder.forceZerosForEmptyPrompt()).isTrue();
            assertThat(folder.textEncoders()).extracting(DiffusionModelFolder.TextEncoder::hiddenOutput)
                    .containsExactly("hidden_states.1", "hidden_states.1");
            assertThat(folder.textEncoders().get(1).pooledOutput()).isEqualTo("text_embeds");
            assertThat(folder.textEncoders().get(1).tokenizer().padId()).isNotEqualTo(
                    folder.textEncoders().get(0).tokenizer().padId());
        }
    }

    @Test
    void readsControlNetAndIpAdapterWiring() {
        try (DiffusionModelFolder split = DiffusionModelFolder.open(TinyFolders.of(TinyVariant.SD15_CONTROLNET))) {
            ControlNetWiring.Split wiring = (ControlNetWiring.Split) split.controlNet();
            assertThat(wiring.downOutputs()).containsExactly("down_block_res_sample_0",
                    "down_block_res_sample_1", "down_block_res_sample_2");
            assertThat(wiring.unetDownInputs()).containsExactly("down_block_additional_residual_0",
                    "down_block_additional_residual_1", "down_block_additional_residual_2");
            assertThat(wiring.unetMidInput()).isEqualTo("mid_block_additional_residual");
            assertThat(split.describeParts()).contains("ControlNet: live");
        }
        try (DiffusionModelFolder fused = DiffusionModelFolder.open(TinyFolders.of(TinyVariant.SD15_CONTROLNET_FUSED))) {
            assertThat(fused.controlNet()).isInstanceOf(ControlNetWiring.Fused.class);
        }
        try (DiffusionModelFolder ip = DiffusionModelFolder.open(TinyFolders.of(TinyVariant.SD15_IP_ADAPTER))) {
            assertThat(ip.imagePrompt()).isInstanceOf(ImagePromptWiring.EmbedsInput.class);
        }
        try (DiffusionModelFolder ip = DiffusionModelFolder.open(TinyFolders.of(TinyVariant.SD15_IP_ADAPTER_TOKENS))) {
            assertThat(ip.imagePrompt()).isInstanceOf(ImagePromptWiring.AppendedTokens.class);
        }
    }

    @Test
    void refusesAMissingFolder(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThatThrownBy(() -> DiffusionModelFolder.open(dir.resolve("nothing")))
                .isInstanceOf(InvalidDiffusionModelException.class).hasMessageContaining("does not exist");
    }

    @Test
    void refusesAFolderWithoutModelIndex() throws IOException {
        Path folder = TinyFolders.fresh(TinyVariant.SD15_INPAINT.spec());
        Files.delete(folder.resolve("model_index.json"));
        assertThatThrownBy(() -> DiffusionModelFolder.open(folder))
                .isInstanceOf(InvalidDiffusionModelException.class).hasMessageContaining("model_index.json");
    }

    @Test
    void namesEveryMissingPart() throws IOException {
        Path folder = TinyFolders.fresh(TinyVariant.SD15_INPAINT.spec());
        FolderTree.delete(folder.resolve("vae_encoder"));
        Files.delete(folder.resolve("tokenizer/merges.txt"));
        assertThatThrownBy(() -> DiffusionModelFolder.open(folder))
                .isInstanceOf(InvalidDiffusionModelException.class)
                .hasMessageContaining("vae_encoder/model.onnx").hasMessageContaining("tokenizer/merges.txt");
    }

    @Test
    void refusesAnSdxlUnetWithoutItsSecondEncoder() throws IOException {
        Path folder = TinyFolders.fresh(TinyVariant.SDXL.spec());
        FolderTree.delete(folder.resolve("text_encoder_2"));
        assertThatThrownBy(() -> DiffusionModelFolder.open(folder))
                .isInstanceOf(InvalidDiffusionModelException.class).hasMessageContaining("text_encoder_2/model.onnx");
    }

    @Test
    void refusesATextEncoderOfTheWrongWidth() throws IOException {
        Path folder = TinyFolders.fresh(TinyVariant.SD15_INPAINT.spec());
        Path sdxl = TinyFolders.of(TinyVariant.SDXL);
        Files.copy(sdxl.resolve("text_encoder_2/model.onnx"), folder.resolve("text_encoder/model.onnx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> DiffusionModelFolder.open(folder))
                .isInstanceOf(InvalidDiffusionModelException.class)
                .hasMessageContaining("encoder_hidden_states of width 32").hasMessageContaining("48");
    }

    @Test
    void refusesResidualInputsWithoutAControlNet() throws IOException {
        Path folder = TinyFolders.fresh(TinyVariant.SD15_CONTROLNET.spec());
        FolderTree.delete(folder.resolve("controlnet"));
        assertThatThrownBy(() -> DiffusionModelFolder.open(folder))
                .isInstanceOf(InvalidDiffusionModelException.class).hasMessageContaining("no controlnet/");
    }

    @Test
    void refusesAnIpAdapterUnetWithoutImageEncoder() throws IOException {
        Path folder = TinyFolders.fresh(TinyVariant.SD15_IP_ADAPTER.spec());
        FolderTree.delete(folder.resolve("image_encoder"));
        assertThatThrownBy(() -> DiffusionModelFolder.open(folder))
                .isInstanceOf(InvalidDiffusionModelException.class).hasMessageContaining("image_encoder/model.onnx");
    }

    @Test
    void refusesAnImageEncoderTheUnetCannotUse() throws IOException {
        Path folder = TinyFolders.fresh(TinyVariant.SD15_INPAINT.spec());
        Path source = TinyFolders.of(TinyVariant.SD15_IP_ADAPTER).resolve("image_encoder");
        Files.createDirectories(folder.resolve("image_encoder"));
        Files.copy(source.resolve("model.onnx"), folder.resolve("image_encoder/model.onnx"));
        assertThatThrownBy(() -> DiffusionModelFolder.open(folder))
                .isInstanceOf(InvalidDiffusionModelException.class).hasMessageContaining("image_encoder/")
                .hasMessageContaining("takes no image_embeds");
    }

    @Test
    void refusesAVaeOfOtherLatentChannels() throws IOException {
        Path folder = TinyFolders.fresh(TinyVariant.SD15_INPAINT.spec());
        // A 9-channel UNet given as the decoder: its input is not latent_sample.
        Files.copy(TinyFolders.of(TinyVariant.SD15).resolve("unet/model.onnx"), folder.resolve("vae_decoder/model.onnx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> DiffusionModelFolder.open(folder))
                .isInstanceOf(InvalidDiffusionModelException.class)
                .hasMessageContaining("vae_decoder/model.onnx has no input \"latent_sample\"");
    }

    @Test
    void refusesABrokenGraphOrSchedulerConfig() throws IOException {
        Path folder = TinyFolders.fresh(TinyVariant.SD15_INPAINT.spec());
        Files.writeString(folder.resolve("scheduler/scheduler_config.json"), "{\"solver_order\": 7}");
        assertThatThrownBy(() -> DiffusionModelFolder.open(folder))
                .isInstanceOf(InvalidDiffusionModelException.class).hasMessageContaining("scheduler")
                .hasMessageContaining("solver_order");
        Path other = TinyFolders.fresh(TinyVariant.SD15_INPAINT.spec());
        Files.write(other.resolve("unet/model.onnx"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> DiffusionModelFolder.open(other))
                .isInstanceOf(InvalidDiffusionModelException.class).hasMessageContaining("cannot load unet/model.onnx");
    }

    @Test
    void tinyWriterIsDeterministic() throws IOException {
        TinyModelSpec spec = TinyVariant.SD15_CONTROLNET.spec();
        Path a = TinyFolders.fresh(spec);
        Path b = TinyFolders.fresh(spec);
        for (String file : new String[] {"unet/model.onnx", "controlnet/model.onnx", "text_encoder/model.onnx",
                "vae_decoder/model.onnx"}) {
            assertThat(Files.readAllBytes(a.resolve(file))).as(file).isEqualTo(Files.readAllBytes(b.resolve(file)));
        }
    }

    @Test
    void tinyWriterNeverOverwritesAnotherFolder(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> TinyModels.write(dir, TinyVariant.SD15))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
        Path tiny = TinyModels.write(dir.resolve("tiny"), TinyVariant.SD15);
        assertThat(TinyModels.write(tiny, TinyVariant.SDXL)).isEqualTo(tiny);
    }

}
