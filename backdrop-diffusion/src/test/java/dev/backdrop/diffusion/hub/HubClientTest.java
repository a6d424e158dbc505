package dev.backdrop.diffusion.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub client against a hub-shaped server on loopback: real HTTP, real files. */
class HubClientTest {

    static final String REPO = "stable-diffusion-v1-5/stable-diffusion-inpainting";
    static final String UNET = "unet/diffusion_pytorch_model.safetensors";
    static final String UNET_FP16 = "unet/diffusion_pytorch_model.fp16.safetensors";

    @TempDir
    Path cache;

    LoopbackHub hub;
    Map<String, byte[]> files;
    String commit;

    @BeforeEach
    void startHub() throws IOException {
        hub = LoopbackHub.start();
        files = inpaintingFiles(1);
        commit = hub.repo(REPO).commit(files);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    /** A few KB of the layout of an SD inpainting repository; the weights are random bytes. */
    static Map<String, byte[]> inpaintingFiles(int seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(".gitattributes", text("*.safetensors filter=lfs diff=lfs merge=lfs -text\n"));
        files.put("README.md", text("# inpainting\n"));
        files.put("model_index.json", text("{\"_class_name\": \"StableDiffusionInpaintPipeline\"}"));
        files.put("scheduler/scheduler_config.json", text("{\"num_train_timesteps\": 1000}"));
        files.put("text_encoder/config.json", text("{\"hidden_size\": 768}"));
        files.put("text_encoder/model.safetensors", random(seed, 3_000));
        files.put("text_encoder/model.fp16.safetensors", random(seed + 1, 1_500));
        files.put("unet/config.json", text("{\"in_channels\": 9}"));
        files.put(UNET, random(seed + 2, 48_000));
        files.put(UNET_FP16, random(seed + 3, 24_000));
        files.put("vae/config.json", text("{\"scaling_factor\": 0.18215}"));
        files.put("vae/diffusion_pytorch_model.safetensors", random(seed + 4, 5_000));
        return files;
    }

    static Map<String, byte[]> withoutFp16Variants(Map<String, byte[]> files) {
        Map<String, byte[]> plain = new LinkedHashMap<>(files);
        plain.keySet().removeIf(path -> path.contains(".fp16."));
        return plain;
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    HubClient client(Optional<String> token) {
        return client(token, DiskSpace.OF_FILE_STORE);
    }

    HubClient client(Optional<String> token, DiskSpace disk) {
        return new HubClient(new HubEndpoint(hub.endpoint(), token), cache.resolve("hub"), disk,
                new RetryPolicy(3, Duration.ofMillis(5), Duration.ofSeconds(5)));
    }

    FetchedSnapshot fetch(String repoAndRevision, String... includes) {
        return client(Optional.empty()).fetch(HubFetchRequest.of(repoAndRevision, includes), DownloadProgress.SILENT);
    }

    static List<String> filesUnder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    Path repoFolder() {
        return cache.resolve("hub").resolve("stable-diffusion-v1-5--stable-diffusion-inpainting");
    }

    @Test
    void fullFetchPublishesEveryFileVerifiedAndPinsTheCommit() throws IOException {
        List<DownloadStatus> progress = new ArrayList<>();
        FetchedSnapshot fetched = client(Optional.empty()).fetch(
                new HubFetchRequest(HubRepoRef.parse(REPO), FileSelection.ALL, false), progress::add);

        // Without fp16 preference, weights published in both forms come in their plain form only.
        Map<String, byte[]> expected = withoutFp16Variants(files);
        assertThat(fetched.commit()).isEqualTo(commit);
        assertThat(fetched.folder()).isEqualTo(repoFolder().resolve("snapshots").resolve(commit));
        assertThat(filesUnder(fetched.folder())).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, byte[]> file : expected.entrySet()) {
            assertThat(fetched.file(file.getKey())).hasBinaryContent(file.getValue());
        }
        long total = expected.values().stream().mapToLong(b -> b.length).sum();
        assertThat(fetched.downloadedBytes()).isEqualTo(total);
        assertThat(hub.bodyBytesSent()).isEqualTo(total);
        assertThat(filesUnder(repoFolder().resolve(".incomplete"))).isEmpty();

        String lock = Files.readString(repoFolder().resolve("revision.lock"));
        assertThat(lock).contains("\"repo\" : \"" + REPO + "\"").contains("\"main\"").contains(commit)
                .contains(LoopbackHub.sha256(files.get(UNET)));

        DownloadStatus last = progress.get(progress.size() - 1);
        assertThat(last.done()).isEqualTo(total);
        assertThat(last.total()).isEqualTo(total);
        assertThat(last.fileCount()).isEqualTo(expected.size());
        assertThat(last.fileNumber()).isEqualTo(expected.size());
        assertThat(last.fileComplete()).isTrue();
        assertThat(progress).extracting(DownloadStatus::file).contains(UNET, "model_index.json");
    }

    @Test
    void patternsSelectOnlyMatchingFilesAndFp16PicksTheVariant() throws IOException {
        FetchedSnapshot configs = fetch(REPO, "*.json");
        assertThat(filesUnder(configs.folder())).containsExactly("model_index.json", "scheduler/scheduler_config.json",
                "text_encoder/config.json", "unet/config.json", "vae/config.json");
        assertThat(hub.contentRequests(UNET)).isZero();

        FetchedSnapshot plain = fetch(REPO, "unet/*.safetensors");
        assertThat(plain.files()).extracting(HubFile::path).containsExactly(UNET);

        FetchedSnapshot half = client(Optional.empty()).fetch(new HubFetchRequest(HubRepoRef.parse(REPO),
                new FileSelection(List.of("unet/", "vae/*.safetensors", "text_encoder/model*"), true), false),
                DownloadProgress.SILENT);
        // vae has no fp16 file: its plain weights come instead.
        assertThat(half.files()).extracting(HubFile::path).containsExactly("text_encoder/model.fp16.safetensors",
                "unet/config.json", UNET_FP16, "vae/diffusion_pytorch_model.safetensors");
        assertThat(hub.contentRequests("unet/config.json")).isEqualTo(1);
    }

    @Test
    void theLockPinsTheRevisionSoASecondFetchDownloadsNothingUntilUpdate() throws IOException {
        fetch(REPO);
        int listings = hub.listingRequests();
        int requests = hub.contentRequests();
        long sent = hub.bodyBytesSent();

        // main moves on the hub: the unet changes, the rest stays.
        Map<String, byte[]> next = new LinkedHashMap<>(files);
        next.put(UNET, random(99, 50_000));
        String newCommit = hub.repo(REPO).commit(next);

        FetchedSnapshot again = fetch(REPO);
        assertThat(again.commit()).isEqualTo(commit);
        assertThat(again.downloadedBytes()).isZero();
        assertThat(again.file(UNET)).hasBinaryContent(files.get(UNET));
        assertThat(hub.listingRequests()).isEqualTo(listings);
        assertThat(hub.contentRequests()).isEqualTo(requests);
        assertThat(hub.bodyBytesSent()).isEqualTo(sent);
        assertThat(client(Optional.empty()).cached(HubRepoRef.parse(REPO), FileSelection.ALL)).get()
                .extracting(FetchedSnapshot::commit).isEqualTo(commit);

        FetchedSnapshot updated = client(Optional.empty()).fetch(
                new HubFetchRequest(HubRepoRef.parse(REPO), FileSelection.ALL, true), DownloadProgress.SILENT);
        assertThat(updated.commit()).isEqualTo(newCommit);
        assertThat(updated.file(UNET)).hasBinaryContent(next.get(UNET));
        // Only the changed file came over the network; the others were taken from the old snapshot.
        assertThat(updated.downloadedBytes()).isEqualTo(50_000);
        assertThat(hub.bodyBytesSent() - sent).isEqualTo(50_000);
        assertThat(Files.readString(repoFolder().resolve("revision.lock"))).contains(newCommit).doesNotContain(commit);
        assertThat(repoFolder().resolve("snapshots").resolve(commit)).doesNotExist();
    }

    @Test
    void aCommitRevisionPinsThatCommitWhereverTheBranchGoes() throws IOException {
        String second = hub.repo(REPO).commit(inpaintingFiles(7));
        FetchedSnapshot old = fetch(REPO + "@" + commit, "unet/*.safetensors");
        assertThat(old.commit()).isEqualTo(commit);
        assertThat(old.file(UNET)).hasBinaryContent(files.get(UNET));
        FetchedSnapshot head = fetch(REPO, "unet/*.safetensors");
        assertThat(head.commit()).isEqualTo(second);
        assertThat(Files.readString(repoFolder().resolve("revision.lock"))).contains(commit).contains(second);
    }

    @Test
    void anInterruptedDownloadResumesWithRangeAndOnlyTheRestIsSent() throws IOException {
        hub.cutConnection(REPO, UNET, 1, 10_000);
        FetchedSnapshot fetched = fetch(REPO, "unet/*.safetensors");

        assertThat(fetched.file(UNET)).hasBinaryContent(files.get(UNET));
        assertThat(hub.contentRequests(UNET)).isEqualTo(2);
        assertThat(hub.ranges()).containsExactly("", "bytes=10000-");
        assertThat(hub.contentBytes(UNET)).isEqualTo(48_000);
        assertThat(fetched.downloadedBytes()).isEqualTo(48_000);
    }

    @Test
    void aServerThatIgnoresTheRangeGetsTheWholeFileWrittenFromTheStart() {
        hub.cutConnection(REPO, UNET, 1, 10_000);
        hub.ignoreRanges();
        FetchedSnapshot fetched = fetch(REPO, "unet/*.safetensors");

        assertThat(fetched.file(UNET)).hasBinaryContent(files.get(UNET));
        assertThat(hub.ranges()).containsExactly("", "bytes=10000-");
        assertThat(hub.contentBytes(UNET)).isEqualTo(10_000 + 48_000);
    }

    @Test
    void aBodyCutWithoutAnErrorIsCaughtByItsLengthAndResumed() throws IOException {
        hub.shortenBody(REPO, UNET, 1, 30_000);
        hub.shortenBody(REPO, "unet/config.json", 1, 3);
        FetchedSnapshot fetched = fetch(REPO, "unet/*");

        assertThat(fetched.file(UNET)).hasBinaryContent(files.get(UNET));
        assertThat(fetched.file("unet/config.json")).hasBinaryContent(files.get("unet/config.json"));
        assertThat(hub.ranges()).contains("bytes=30000-", "bytes=3-");
        assertThat(hub.contentBytes(UNET)).isEqualTo(48_000);
    }

    @Test
    void aBusyServerIsTriedAgain() {
        hub.busy(REPO, UNET, 2);
        FetchedSnapshot fetched = fetch(REPO, "unet/*.safetensors");
        assertThat(fetched.file(UNET)).hasBinaryContent(files.get(UNET));
        assertThat(hub.contentRequests(UNET)).isEqualTo(3);

        hub.busy(REPO, "vae/config.json", 3);
        assertThatThrownBy(() -> fetch(REPO, "vae/config.json")).isInstanceOf(HubConnectionException.class)
                .hasMessageContaining("answered HTTP 503");
    }

    @Test
    void aConnectionThatGoesSilentCountsAsDroppedAndIsResumed() {
        hub.stall(REPO, UNET, 1, 12_000);
        HubClient client = new HubClient(new HubEndpoint(hub.endpoint(), Optional.empty()), cache.resolve("hub"),
                // Two seconds of silence: long enough that a loaded machine's pauses do not count as one.
                DiskSpace.OF_FILE_STORE, new RetryPolicy(2, Duration.ofMillis(5), Duration.ofSeconds(2)));
        FetchedSnapshot fetched = client.fetch(HubFetchRequest.of(REPO, "unet/*.safetensors"), DownloadProgress.SILENT);

        assertThat(fetched.file(UNET)).hasBinaryContent(files.get(UNET));
        assertThat(hub.ranges()).containsExactly("", "bytes=12000-");
        assertThat(hub.contentBytes(UNET)).isEqualTo(48_000);
    }

    @Test
    void aConnectionThatNeverComesBackFailsClearlyLeavesNoModelAndTheNextFetchResumes() throws IOException {
        hub.cutConnection(REPO, UNET, Integer.MAX_VALUE, 8_000);
        assertThatThrownBy(() -> fetch(REPO, "unet/*", "*.json"))
                .isInstanceOf(HubConnectionException.class)
                .hasMessageContaining("connection dropped or failed 3 times")
                .hasMessageContaining(UNET)
                .hasMessageContaining("run the same fetch again to resume");
        // The first request gets 8000 bytes; the resumed ones get nothing more.
        assertThat(filesUnder(repoFolder().resolve("snapshots"))).isEmpty();
        assertThat(repoFolder().resolve("revision.lock")).doesNotExist();
        assertThat(Files.size(repoFolder().resolve(".incomplete").resolve(commit).resolve(UNET + ".part")))
                .isEqualTo(8_000);

        hub.heal();
        long before = hub.contentBytes(UNET);
        int rangesBefore = hub.ranges().size();
        FetchedSnapshot fetched = fetch(REPO, "unet/*", "*.json");
        assertThat(fetched.file(UNET)).hasBinaryContent(files.get(UNET));
        assertThat(hub.contentBytes(UNET) - before).isEqualTo(48_000 - 8_000);
        assertThat(hub.ranges().subList(rangesBefore, hub.ranges().size())).contains("bytes=8000-");
    }

    @Test
    void aCorruptFileIsRefusedWithItsNameAndNotKept() throws IOException {
        hub.corrupt(REPO, UNET);
        assertThatThrownBy(() -> fetch(REPO, "unet/*"))
                .isInstanceOf(HubCorruptFileException.class)
                .hasMessageContaining(UNET)
                .hasMessageContaining(LoopbackHub.sha256(files.get(UNET)));
        assertThat(filesUnder(repoFolder().resolve("snapshots"))).isEmpty();
        assertThat(filesUnder(repoFolder())).noneMatch(p -> p.contains(UNET));

        hub.corrupt(REPO, "vae/config.json");
        assertThatThrownBy(() -> fetch(REPO, "vae/config.json"))
                .isInstanceOf(HubCorruptFileException.class).hasMessageContaining("vae/config.json")
                .hasMessageContaining("git blob id");
        assertThat(filesUnder(repoFolder())).noneMatch(p -> p.contains("vae/config.json"));
    }

    @Test
    void aGatedRepoWithoutTokenSaysToSetHfTokenAndWorksWithOne() throws IOException {
        String gated = "gated-owner/gated-inpainting";
        hub.repo(gated).gated("hf_accepted").commit(files);

        assertThatThrownBy(() -> fetch(gated, "*.json"))
                .isInstanceOf(HubAccessDeniedException.class)
                .hasMessageContaining("gated")
                .hasMessageContaining("HF_TOKEN")
                .hasMessageContaining(hub.endpoint() + "/" + gated);
        assertThat(hub.contentRequests()).isZero();

        assertThatThrownBy(() -> client(Optional.of("hf_other_account")).fetch(HubFetchRequest.of(gated, "*.json"),
                DownloadProgress.SILENT))
                .isInstanceOf(HubAccessDeniedException.class)
                .hasMessageContaining("has no access to it yet")
                .hasMessageContaining("accept its licence");

        assertThatThrownBy(() -> client(Optional.of("not-a-token")).fetch(HubFetchRequest.of(REPO, "*.json"),
                DownloadProgress.SILENT))
                .isInstanceOf(HubAccessDeniedException.class)
                .hasMessageContaining("HF_TOKEN is a valid");

        FetchedSnapshot fetched = client(Optional.of("hf_accepted")).fetch(HubFetchRequest.of(gated, "unet/*"),
                DownloadProgress.SILENT);
        assertThat(fetched.file(UNET)).hasBinaryContent(files.get(UNET));
    }

    @Test
    void theTokenGoesToTheHubButNeverToTheCdn() {
        hub.repo("owner/private-model").privateTo("hf_reader").commit(files);
        client(Optional.of("hf_reader")).fetch(HubFetchRequest.of("owner/private-model", "unet/*", "vae/*"),
                DownloadProgress.SILENT);

        assertThat(hub.hubAuthorizations()).isNotEmpty().containsOnly("Bearer hf_reader");
        assertThat(hub.cdnAuthorizations()).hasSize(2).containsOnly("");
    }

    @Test
    void aRenamedRepositoryIsFollowedWithItsToken() {
        hub.repo("new-owner/private-model").privateTo("hf_reader").commit(files);
        hub.rename("old-owner/private-model", "new-owner/private-model");
        FetchedSnapshot fetched = client(Optional.of("hf_reader")).fetch(
                HubFetchRequest.of("old-owner/private-model", "unet/*"), DownloadProgress.SILENT);

        assertThat(fetched.file(UNET)).hasBinaryContent(files.get(UNET));
        assertThat(fetched.file("unet/config.json")).hasBinaryContent(files.get("unet/config.json"));
        assertThat(hub.hubAuthorizations()).hasSize(6).containsOnly("Bearer hf_reader");
        assertThat(hub.cdnAuthorizations()).containsExactly("");
    }

    @Test
    void aMissingRevisionRepoOrFileGivesClearErrors() {
        assertThatThrownBy(() -> fetch(REPO + "@v9-does-not-exist"))
                .isInstanceOf(HubRevisionNotFoundException.class)
                .hasMessageContaining("revision 'v9-does-not-exist' was not found in " + REPO);
        assertThatThrownBy(() -> fetch("nobody/no-such-model"))
                .isInstanceOf(HubRepoNotFoundException.class)
                .hasMessageContaining("nobody/no-such-model was not found")
                .hasMessageContaining("HF_TOKEN");
        assertThatThrownBy(() -> fetch(REPO, "unet/*.ckpt"))
                .isInstanceOf(HubFileNotFoundException.class)
                .hasMessageContaining("no file of " + REPO)
                .hasMessageContaining("unet/*.ckpt");

        // A file in the pinned listing that the hub no longer has.
        fetch(REPO, "*.json");
        hub.repo(REPO).lose(UNET);
        assertThatThrownBy(() -> fetch(REPO, "unet/*"))
                .isInstanceOf(HubFileNotFoundException.class)
                .hasMessageContaining(UNET + " is not in " + REPO);
    }

    @Test
    void aFullDiskFailsBeforeDownloadingAnything() throws IOException {
        long needed = withoutFp16Variants(files).values().stream().mapToLong(b -> b.length).sum();
        assertThatThrownBy(() -> client(Optional.empty(), folder -> 20_000).fetch(HubFetchRequest.of(REPO),
                DownloadProgress.SILENT))
                .isInstanceOf(NotEnoughDiskSpaceException.class)
                .hasMessageContaining("not enough disk space for " + REPO)
                .hasMessageContaining("take " + ByteCount.format(needed) + " but only 20.0 kB are free");
        assertThat(hub.contentRequests()).isZero();
        assertThat(filesUnder(repoFolder().resolve("snapshots"))).isEmpty();
    }

    @Test
    void twoFetchesOfOneRepositoryTakeTurnsAndDownloadEachFileOnce() {
        CompletableFuture<FetchedSnapshot> first = CompletableFuture.supplyAsync(() -> fetch(REPO));
        CompletableFuture<FetchedSnapshot> second = CompletableFuture.supplyAsync(() -> fetch(REPO));
        assertThat(first.join().commit()).isEqualTo(second.join().commit());
        assertThat(hub.contentRequests(UNET)).isEqualTo(1);
        assertThat(hub.contentRequests()).isEqualTo(withoutFp16Variants(files).size());
    }
}
