package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.diffusion.hub.LoopbackHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backdrop models fetch owner/name} against a hub-shaped server on loopback, in a process of its own. */
class ModelsFetchCommandTest {

    static final String REPO = "stable-diffusion-v1-5/stable-diffusion-inpainting";

    @TempDir
    Path dir;

    LoopbackHub hub;
    Map<String, byte[]> files = new LinkedHashMap<>();
    String commit;

    @BeforeEach
    void startHub() throws IOException {
        hub = LoopbackHub.start();
        files.put("model_index.json", "{\"_class_name\": \"StableDiffusionInpaintPipeline\"}".getBytes(StandardCharsets.UTF_8));
        files.put("unet/config.json", "{\"in_channels\": 9}".getBytes(StandardCharsets.UTF_8));
        files.put("unet/diffusion_pytorch_model.safetensors", random(1, 40_000));
        files.put("unet/diffusion_pytorch_model.fp16.safetensors", random(2, 20_000));
        files.put("vae/diffusion_pytorch_model.safetensors", random(3, 6_000));
        commit = hub.repo(REPO).commit(files);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    static byte[] random(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    Map<String, String> environment(String... more) {
        Map<String, String> env = new LinkedHashMap<>(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
                "BACKDROP_MODELS_DIR", dir.resolve("models").toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void fetchesTheSelectedFilesShowsProgressAndListsTheRepository() throws Exception {
        CommandProcess fetched = CommandProcess.run(environment(), dir, "models", "fetch", REPO, "--include", "*.json",
                "--include", "unet/*", "--fp16");
        assertThat(fetched.exit()).as(fetched.err()).isZero();
        Path snapshot = dir.resolve("models/hub/stable-diffusion-v1-5--stable-diffusion-inpainting/snapshots")
                .resolve(commit);
        assertThat(fetched.out()).contains(REPO + "@main: 3 files verified at " + snapshot)
                .contains("commit " + commit.substring(0, 12)).contains("downloaded");
        assertThat(snapshot.resolve("unet/diffusion_pytorch_model.fp16.safetensors"))
                .hasBinaryContent(files.get("unet/diffusion_pytorch_model.fp16.safetensors"));
        assertThat(snapshot.resolve("unet/diffusion_pytorch_model.safetensors")).doesNotExist();
        assertThat(snapshot.resolve("vae")).doesNotExist();
        // Not a terminal: plain lines, one per finished file.
        assertThat(fetched.err()).contains("unet/diffusion_pytorch_model.fp16.safetensors (3/3): done, 20.0 kB")
                .doesNotContain("\r");

        CommandProcess again = CommandProcess.run(environment(), dir, "models", "fetch", REPO, "--include", "*.json",
                "--include", "unet/*", "--fp16");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("nothing to download");

        CommandProcess listed = CommandProcess.run(environment(), dir, "models", "list");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(REPO + "@main " + commit.substring(0, 12) + " 20.1 kB " + snapshot);
    }

    @Test
    void aGatedRepositoryWithoutTokenSaysToSetHfToken() throws Exception {
        String gatedCommit = hub.repo("gated-owner/gated-model").gated("hf_accepted").commit(files);

        CommandProcess refused = CommandProcess.run(environment(), dir, "models", "fetch", "gated-owner/gated-model");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("error: gated-owner/gated-model is a gated model")
                .contains("HF_TOKEN").contains(hub.endpoint() + "/gated-owner/gated-model")
                .doesNotContain("\tat ");

        CommandProcess allowed = CommandProcess.run(environment("HF_TOKEN", "hf_accepted"), dir, "models", "fetch",
                "gated-owner/gated-model@" + gatedCommit, "--include", "vae/*");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("gated-owner/gated-model@" + gatedCommit + ": 1 file verified");
    }

    @Test
    void namesThatAreNeitherModelsNorRepositoriesAreRefused() {
        CommandRun unknown = CommandRun.of("models", "fetch", "sdxl");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown model 'sdxl'").contains("owner/name[@revision]");

        CommandRun badRepo = CommandRun.of("models", "fetch", "a/b/c");
        assertThat(badRepo.exit()).isEqualTo(2);
        assertThat(badRepo.err()).contains("not a hub repository id");

        CommandRun stray = CommandRun.of("models", "fetch", "isnet-fp16", "--fp16");
        assertThat(stray.exit()).isEqualTo(2);
        assertThat(stray.err()).contains("apply to hub repositories");
    }
}
