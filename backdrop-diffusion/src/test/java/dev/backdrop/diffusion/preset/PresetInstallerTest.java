package dev.backdrop.diffusion.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.diffusion.BackgroundSources;
import dev.backdrop.diffusion.DiffusionGenerator;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.diffusion.TinyFolders;
import dev.backdrop.diffusion.checkpoint.SafetensorsFile;
import dev.backdrop.diffusion.checkpoint.SafetensorsWriter;
import dev.backdrop.diffusion.convert.ConversionSources;
import dev.backdrop.diffusion.convert.TinyDiffusersFolders;
import dev.backdrop.diffusion.graph.Precision;
import dev.backdrop.diffusion.hub.DownloadProgress;
import dev.backdrop.diffusion.hub.HubClient;
import dev.backdrop.diffusion.hub.HubEndpoint;
import dev.backdrop.diffusion.hub.HubRepoFolder;
import dev.backdrop.diffusion.hub.HubRepoRef;
import dev.backdrop.diffusion.hub.NotEnoughDiskSpaceException;
import dev.backdrop.diffusion.hub.RetryPolicy;
import dev.backdrop.diffusion.hub.LoopbackHub;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.FetchProgress;
import dev.backdrop.model.ModelCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sd15-inpaint-fast preset from a hub-shaped server on loopback: the SD 1.5 inpainting
 * pipeline, its canny ControlNet, the IP-Adapter and the LCM-LoRA fetched by their published
 * names, the LoRA fused at conversion, and the model run as a latent-consistency model; and a
 * float16 preset taking the published fp16 weight variants.
 */
class PresetInstallerTest {

    @TempDir
    Path dir;

    @Test
    void theFastPresetFusesTheLcmLoraAndRunsAsAConsistencyModel() throws IOException {
        ConversionSources tiny = TinyDiffusersFolders.sd15WithLcmLora(dir.resolve("published"));
        try (LoopbackHub hub = LoopbackHub.start()) {
            hostSd15(hub, tiny);
            hub.repo("latent-consistency/lcm-lora-sdv1-5").commit(Map.of("pytorch_lora_weights.safetensors",
                    Files.readAllBytes(tiny.lora().orElseThrow().weights()), "README.md", new byte[10]));

            ModelCache cache = new ModelCache(dir.resolve("models"));
            PresetInstaller installer = new PresetInstaller(new HubClient(new HubEndpoint(hub.endpoint(), Optional.empty()),
                    cache), cache);
            PresetInstaller.Installed installed = installer.install(Presets.SD15_INPAINT_FAST, false, DownloadProgress.SILENT,
                    FetchProgress.SILENT);
            assertThat(installed.converted()).isTrue();
            assertThat(installed.downloadedBytes()).isPositive();
            assertThat(hub.contentRequests("README.md")).isZero();
            assertThat(Files.readString(installed.folder().resolve("scheduler/scheduler_config.json"))).contains("LCMScheduler");

            PresetInstaller.Installed again = installer.install(Presets.SD15_INPAINT_FAST, false, DownloadProgress.SILENT,
                    FetchProgress.SILENT);
            assertThat(again.converted()).isFalse();
            assertThat(again.downloadedBytes()).isZero();
            assertThat(PresetStatus.of(Presets.SD15_INPAINT_FAST, new HubClient(new HubEndpoint(hub.endpoint(),
                    Optional.empty()), cache), cache).installed()).isTrue();

            try (BackgroundSources sources = BackgroundSources.diffusion(installed.folder(), DiffusionOptions.DEFAULT);
                 DiffusionGenerator generator = DiffusionGenerator.open(installed.folder(), DiffusionOptions.DEFAULT)) {
                assertThat(sources.describe()).contains("latent consistency").contains("ControlNet: live")
                        .contains("IP-Adapter: live");
                assertThat(sources.ignored()).contains("num_inference_steps", "guidance_scale").doesNotContain("cn_weight");
                Subject subject = TinyFolders.subject(64, 64);
                RgbImage image = generator.generate(new BackgroundRequest(subject, 64, 64, "linen", "", null,
                        new BackgroundParameters(1.0, 0.6, 7.5, 30, null, 0.8), 5));
                assertThat(image.width()).isEqualTo(64);
            }
        }
    }

    @Test
    void aFloat16PresetFetchesTheFp16VariantsAndConvertsToFloat16Graphs() throws IOException {
        ConversionSources tiny = TinyDiffusersFolders.sd15WithLcmLora(dir.resolve("published"));
        Path unet = tiny.pipeline().resolve("unet/diffusion_pytorch_model.safetensors");
        // The published layout: the UNet's weights in both forms, side by side.
        SafetensorsWriter half = new SafetensorsWriter();
        try (SafetensorsFile full = SafetensorsFile.open(unet)) {
            full.tensors().forEach((name, t) -> half.halves(name, t.floats(), t.shape()));
        }
        half.write(unet.resolveSibling("diffusion_pytorch_model.fp16.safetensors"));
        try (LoopbackHub hub = LoopbackHub.start()) {
            hostSd15(hub, tiny);

            ModelCache cache = new ModelCache(dir.resolve("models"));
            PresetInstaller installer = new PresetInstaller(new HubClient(new HubEndpoint(hub.endpoint(), Optional.empty()),
                    cache), cache);
            PresetInstaller.Installed installed = installer.install(Presets.SD15_INPAINT_FP16, false, DownloadProgress.SILENT,
                    FetchProgress.SILENT);
            assertThat(hub.contentRequests("unet/diffusion_pytorch_model.fp16.safetensors")).isEqualTo(1);
            assertThat(hub.contentRequests("unet/diffusion_pytorch_model.safetensors")).isZero();
            assertThat(Files.readString(installed.folder().resolve("conversion.json"))).contains("\"precision\" : \"float16\"");
            assertThat(installed.folder()).isEqualTo(dir.resolve("models/diffusion/sd15-inpaint-fp16"));
            PresetStatus status = PresetStatus.of(Presets.SD15_INPAINT_FP16, new HubClient(new HubEndpoint(hub.endpoint(),
                    Optional.empty()), cache), cache);
            assertThat(status.installed()).isTrue();
            assertThat(status.missing()).isEmpty();

            try (DiffusionGenerator generator = DiffusionGenerator.open(installed.folder(), DiffusionOptions.DEFAULT)) {
                Subject subject = TinyFolders.subject(64, 64);
                RgbImage image = generator.generate(new BackgroundRequest(subject, 64, 64, "linen", "", null,
                        new BackgroundParameters(1.0, 0.6, 7.5, 3, null, 0.8), 5));
                assertThat(image.width()).isEqualTo(64);
            }
        }
    }

    @Test
    void aPresetThatDoesNotFitIsRefusedBeforeItsFirstDownload() throws IOException {
        ConversionSources tiny = TinyDiffusersFolders.sd15WithLcmLora(dir.resolve("published"));
        try (LoopbackHub hub = LoopbackHub.start()) {
            hostSd15(hub, tiny);
            ModelCache cache = new ModelCache(dir.resolve("models"));
            // Room for the largest single file but not for the preset and its conversion.
            HubClient client = new HubClient(new HubEndpoint(hub.endpoint(), Optional.empty()), HubRepoFolder.root(cache),
                    folder -> 200_000, RetryPolicy.DEFAULT);
            assertThatThrownBy(() -> new PresetInstaller(client, cache).install(Presets.SD15_INPAINT, false,
                    DownloadProgress.SILENT, FetchProgress.SILENT))
                    .isInstanceOf(NotEnoughDiskSpaceException.class)
                    .hasMessageContaining("not enough disk space for the preset sd15-inpaint: its downloads (")
                    .hasMessageContaining("and its conversion (about");
            assertThat(hub.contentRequests()).isZero();
        }
    }

    @Test
    void aPresetMayPinACommitThatMainHasMovedPast() throws IOException {
        ConversionSources tiny = TinyDiffusersFolders.sd15WithLcmLora(dir.resolve("published"));
        try (LoopbackHub hub = LoopbackHub.start()) {
            String repo = "stable-diffusion-v1-5/stable-diffusion-inpainting";
            String pinned = hostSd15(hub, tiny);
            Map<String, byte[]> later = new java.util.LinkedHashMap<>(LoopbackHub.HostedRepo.filesOf(tiny.pipeline()));
            later.put("model_index.json", (new String(later.get("model_index.json")) + "\n").getBytes());
            String head = hub.repo(repo).commit(later);
            Preset preset = new Preset("pinned", "sd15-inpaint at a fixed commit", Preset.pipeline(repo + "@" + pinned),
                    Presets.SD15_INPAINT.controlNet(), Presets.SD15_INPAINT.ipAdapter(), Optional.empty(), Precision.FLOAT32);
            ModelCache cache = new ModelCache(dir.resolve("models"));
            HubClient client = new HubClient(new HubEndpoint(hub.endpoint(), Optional.empty()), cache);
            new PresetInstaller(client, cache).install(preset, true, DownloadProgress.SILENT, FetchProgress.SILENT);
            HubRepoFolder folder = client.folderOf(HubRepoRef.parse(repo));
            assertThat(folder.snapshot(pinned).resolve("model_index.json")).exists();
            assertThat(folder.snapshot(head)).doesNotExist();
        }
    }

    /** The SD 1.5 inpainting pipeline, its ControlNet and the IP-Adapter under their published names; the pipeline's commit. */
    private static String hostSd15(LoopbackHub hub, ConversionSources tiny) throws IOException {
        String commit = hub.repo("stable-diffusion-v1-5/stable-diffusion-inpainting")
                .commit(LoopbackHub.HostedRepo.filesOf(tiny.pipeline()));
        hub.repo("lllyasviel/control_v11p_sd15_canny").commit(Map.of("config.json", reference("controlnet-sd15/config.json"),
                "diffusion_pytorch_model.safetensors", reference("controlnet-sd15/model.safetensors")));
        hub.repo("h94/IP-Adapter").commit(Map.of("models/ip-adapter_sd15.safetensors",
                reference("unet-sd15/ip-adapter.safetensors"), "models/image_encoder/config.json",
                reference("image-encoder/config.json"), "models/image_encoder/model.safetensors",
                reference("image-encoder/model.safetensors")));
        return commit;
    }

    private static byte[] reference(String name) throws IOException {
        try (InputStream in = PresetInstallerTest.class.getResourceAsStream("/reference/" + name)) {
            return in.readAllBytes();
        }
    }
}
