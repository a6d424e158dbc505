package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.diffusion.convert.ConversionSources;
import dev.backdrop.diffusion.preset.DiffusionModelResolver;
import dev.backdrop.diffusion.convert.TinyDiffusersFolders;
import dev.backdrop.diffusion.hub.LoopbackHub;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.model.ModelCache;
import dev.backdrop.server.BackdropServer;
import dev.backdrop.server.ServerSettings;
import dev.backdrop.testing.TestPhotos;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From nothing to a Stable Diffusion background through a preset: a hub-shaped server on loopback
 * serves the project's tiny checkpoints under the sdxl-inpaint preset's repository names; {@code
 * backdrop models fetch sdxl-inpaint} (its own process) fetches and converts them; a server started
 * with {@code --diffusion-model sdxl-inpaint}'s folder answers bg-replace with a picture.
 */
class PresetInstallTest {

    @TempDir
    Path dir;

    LoopbackHub hub;

    @BeforeEach
    void hostThePresetsRepositories() throws IOException {
        hub = LoopbackHub.start();
        ConversionSources tiny = TinyDiffusersFolders.sdxl(dir.resolve("published"));
        Map<String, byte[]> pipeline = LoopbackHub.HostedRepo.filesOf(tiny.pipeline());
        pipeline.put("sd_xl_inpainting_0.1.ckpt", new byte[4096]); // not part of the preset: never fetched
        hub.repo("diffusers/stable-diffusion-xl-1.0-inpainting-0.1").commit(pipeline);
        hub.repo("diffusers/controlnet-canny-sdxl-1.0").commit(LoopbackHub.HostedRepo.filesOf(tiny.controlNet().orElseThrow()));
        ConversionSources.IpAdapterFiles ip = tiny.ipAdapter().orElseThrow();
        Map<String, byte[]> adapter = new LinkedHashMap<>();
        adapter.put("sdxl_models/ip-adapter_sdxl_vit-h.safetensors", Files.readAllBytes(ip.weights()));
        adapter.put("models/ip-adapter_sd15.safetensors", new byte[2048]); // another preset's: not fetched here
        LoopbackHub.HostedRepo.filesOf(ip.imageEncoder()).forEach((name, bytes) -> adapter.put("models/image_encoder/" + name, bytes));
        hub.repo("h94/IP-Adapter").commit(adapter);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void fetchConvertServeAndReplace() throws Exception {
        Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint().toString(),
                "BACKDROP_MODELS_DIR", dir.resolve("models").toString());
        CommandProcess fetch = CommandProcess.run(env, dir, "models", "fetch", "sdxl-inpaint");
        assertThat(fetch.exit()).as(fetch.err()).isZero();
        assertThat(fetch.out()).contains("sdxl-inpaint: converted at").contains("--diffusion-model sdxl-inpaint");
        assertThat(hub.contentRequests("sd_xl_inpainting_0.1.ckpt")).isZero();
        assertThat(hub.contentRequests("models/ip-adapter_sd15.safetensors")).isZero();

        CommandProcess again = CommandProcess.run(env, dir, "models", "fetch", "sdxl-inpaint");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("already converted").contains("nothing to download");

        CommandProcess list = CommandProcess.run(env, dir, "models", "list");
        assertThat(list.out()).containsPattern("sdxl-inpaint +installed")
                .containsPattern("sd15-inpaint +missing").contains("not fetched: stable-diffusion-v1-5/stable-diffusion-inpainting");

        Path folder = DiffusionModelResolver.presetFolder(new ModelCache(dir.resolve("models")), "sdxl-inpaint");
        ServerSettings defaults = ServerSettings.defaults(dir.resolve("data"));
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, defaults.dataDir(), null, true, "", null, null,
                defaults.model(), 2, 1, 4, defaults.maxRequestBytes(), defaults.pricing(), folder, defaults.diffusion(),
                null, dev.backdrop.server.Role.ALL);
        BackdropServer server = BackdropServer.start(settings);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> ready = null;
            for (int i = 0; i < 600 && (ready == null || ready.statusCode() != 200); i++) {
                Thread.sleep(200);
                ready = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("Stable Diffusion inpainting; ControlNet: live; IP-Adapter: live");

            String photo = Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png"));
            String body = "{\"image\": \"" + photo + "\", \"ref_image\": \"" + photo + "\", \"prompt\": \"on a rock\","
                    + " \"num_inference_steps\": 20, \"seed\": 7, \"cn_weight\": 0.9, \"base64\": false}";
            HttpResponse<byte[]> replaced = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/bg-replace"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(replaced.statusCode()).as(new String(replaced.body())).isEqualTo(200);
            assertThat(replaced.headers().firstValue("Content-Type")).contains("image/jpeg");
            assertThat(replaced.headers().firstValue("x-ignored-parameters").orElse("")).doesNotContain("cn_weight");
            assertThat(new ImageDecoder().decode(replaced.body()).width()).isEqualTo(600);
        } finally {
            server.close();
        }
    }
}
