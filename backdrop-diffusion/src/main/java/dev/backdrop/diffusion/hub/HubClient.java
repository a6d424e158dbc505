package dev.backdrop.diffusion.hub;

import dev.backdrop.model.FolderTree;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.ModelUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fetches files of a model repository from a Hugging Face Hub–compatible endpoint into the model
 * cache (layout in {@link HubRepoFolder}).
 *
 * <p>The first fetch of a revision resolves it to a commit and pins that commit with its file
 * listing in {@code revision.lock}; later fetches of the revision reuse the pin without asking the
 * hub, until one asks for an update. Files already in the snapshot with the listed size are not
 * downloaded again. Before downloading, the bytes still to come are checked against the free disk
 * space. Each file is downloaded into {@code .incomplete/}, resumed there after an interruption,
 * verified against the listing's sha256 (LFS) or git blob id, and only when every selected file is
 * verified are they all moved into the snapshot folder, so a failed fetch leaves no partial model
 * there. Fetches of one repository take turns through a file lock.
 */
public final class HubClient {

    private final HubApi api;
    private final Path hubRoot;
    private final DiskSpace disk;
    private final RetryPolicy retry;

    /** @param hubRoot the folder that holds one folder per repository (see {@link HubRepoFolder#root}) */
    public HubClient(HubEndpoint endpoint, Path hubRoot, DiskSpace disk, RetryPolicy retry) {
        this.api = new HubApi(endpoint, HubApi.newHttpClient());
        this.hubRoot = hubRoot;
        this.disk = disk;
        this.retry = retry;
    }

    public HubClient(HubEndpoint endpoint, ModelCache cache) {
        this(endpoint, HubRepoFolder.root(cache), DiskSpace.OF_FILE_STORE, RetryPolicy.DEFAULT);
    }

    /** The hub of {@code HF_ENDPOINT} / {@code HF_TOKEN}, into {@code cache}. */
    public static HubClient fromEnvironment(ModelCache cache) {
        return new HubClient(HubEndpoint.fromEnvironment(System.getenv()), cache);
    }

    public HubRepoFolder folderOf(HubRepoRef ref) {
        return HubRepoFolder.of(hubRoot, ref);
    }

    /** Downloads what the request selects and is not in the cache yet; returns the verified snapshot. */
    public FetchedSnapshot fetch(HubFetchRequest request, DownloadProgress progress) {
        HubRepoFolder folder = folderOf(request.ref());
        try {
            Files.createDirectories(folder.directory());
            try (RepoFetchLock held = RepoFetchLock.acquire(folder.fetchLockFile())) {
                return fetchHolding(request, folder, progress);
            }
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot write the model cache at " + folder.directory() + " ("
                    + e.getMessage() + "): check the disk and the permissions, or set BACKDROP_MODELS_DIR", e);
        }
    }

    /** The snapshot a fetch of {@code ref} would give, when its pin and all selected files are already here. */
    public Optional<FetchedSnapshot> cached(HubRepoRef ref, FileSelection selection) {
        HubRepoFolder folder = folderOf(ref);
        return RevisionLock.read(folder.lockFile(), ref.repo()).pinned(ref.revision()).flatMap(pin -> {
            List<HubFile> selected = selection.select(pin.files());
            Path target = folder.snapshot(pin.commit());
            return !selected.isEmpty() && selected.stream().allMatch(f -> present(target, f))
                    ? Optional.of(new FetchedSnapshot(ref, pin.commit(), target, selected, 0)) : Optional.empty();
        });
    }

    /**
     * What a fetch of {@code request} would take and download, asking the hub only where the revision
     * is not pinned yet (or an update is asked for); nothing is written.
     */
    public FetchPlan plan(HubFetchRequest request) {
        HubRepoFolder folder = folderOf(request.ref());
        Optional<HubSnapshot> previous = RevisionLock.read(folder.lockFile(), request.ref().repo())
                .pinned(request.ref().revision());
        return plan(request, folder, previous);
    }

    /** The files a fetch selects and those of them not in the snapshot folder yet. */
    public record FetchPlan(HubSnapshot snapshot, List<HubFile> selected, List<HubFile> missing) {
        public long bytesToDownload() {
            return missing.stream().mapToLong(HubFile::size).sum();
        }
    }

    private FetchPlan plan(HubFetchRequest request, HubRepoFolder folder, Optional<HubSnapshot> previous) {
        HubRepoRef ref = request.ref();
        HubSnapshot snapshot = request.update() || previous.isEmpty() ? api.snapshot(ref) : previous.get();
        List<HubFile> selected = request.selection().select(snapshot.files());
        if (selected.isEmpty()) {
            throw new HubFileNotFoundException("no file of " + ref.repo() + " at " + ref.revision() + " matches "
                    + request.selection().includes() + "; it has " + snapshot.files().stream().limit(12)
                    .map(HubFile::path).collect(Collectors.joining(", "))
                    + (snapshot.files().size() > 12 ? ", …" : ""));
        }
        Path target = folder.snapshot(snapshot.commit());
        return new FetchPlan(snapshot, selected, selected.stream().filter(f -> !present(target, f)).toList());
    }

    /** Bytes that can still be written where the hub's files go. */
    public long usableBytes() throws IOException {
        Files.createDirectories(hubRoot);
        return disk.usableBytes(hubRoot);
    }

    private FetchedSnapshot fetchHolding(HubFetchRequest request, HubRepoFolder folder, DownloadProgress progress)
            throws IOException {
        HubRepoRef ref = request.ref();
        RevisionLock lock = RevisionLock.read(folder.lockFile(), ref.repo());
        Optional<HubSnapshot> previous = lock.pinned(ref.revision());
        FetchPlan plan = plan(request, folder, previous);
        HubSnapshot snapshot = plan.snapshot();
        List<HubFile> selected = plan.selected();
        Path target = folder.snapshot(snapshot.commit());
        List<HubFile> missing = plan.missing();
        if (!missing.isEmpty() && snapshot.gated() && api.endpoint().token().isEmpty()) {
            throw HubAccessDeniedException.gated(ref.repo(), api.endpoint());
        }
        previous.filter(p -> !p.commit().equals(snapshot.commit()))
                .ifPresent(p -> reuseUnchanged(folder, p, snapshot.commit(), missing));
        long downloaded = download(ref.repo(), folder, snapshot.commit(), missing, progress);
        publish(folder, snapshot.commit(), missing);
        if (previous.isEmpty() || !previous.get().equals(snapshot)) {
            RevisionLock updated = lock.with(ref.revision(), snapshot);
            updated.write(folder.lockFile());
            if (previous.isPresent() && !updated.uses(previous.get().commit())) {
                FolderTree.delete(folder.snapshot(previous.get().commit()));
                FolderTree.delete(folder.incomplete(previous.get().commit()));
            }
        }
        return new FetchedSnapshot(ref, snapshot.commit(), target, selected, downloaded);
    }

    private static boolean present(Path snapshot, HubFile file) {
        Path path = snapshot.resolve(file.path());
        try {
            return Files.isRegularFile(path) && Files.size(path) == file.size();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * After an update, files whose content did not change are linked (or copied) from the old snapshot
     * into the new download instead of coming over the network again; they are verified like the rest.
     */
    private static void reuseUnchanged(HubRepoFolder folder, HubSnapshot old, String commit, List<HubFile> missing) {
        Map<String, HubFile> before = old.files().stream().collect(Collectors.toMap(HubFile::path, Function.identity()));
        for (HubFile file : missing) {
            HubFile earlier = before.get(file.path());
            Path source = folder.snapshot(old.commit()).resolve(file.path());
            Path part = folder.partial(commit, file);
            if (earlier == null || !earlier.equals(file) || file.blobId() == null && !file.isLfs()
                    || !present(folder.snapshot(old.commit()), earlier) || Files.exists(part)) {
                continue;
            }
            try {
                Files.createDirectories(part.getParent());
                try {
                    Files.createLink(part, source);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(source, part);
                }
            } catch (IOException e) {
                // Only a shortcut: the file is downloaded instead.
            }
        }
    }

    private long download(String repo, HubRepoFolder folder, String commit, List<HubFile> files,
                          DownloadProgress progress) throws IOException {
        if (files.isEmpty()) {
            return 0;
        }
        long total = 0;
        long kept = 0;
        for (HubFile file : files) {
            total += file.size();
            kept += ResumableDownload.kept(folder.partial(commit, file), file);
        }
        long usable = disk.usableBytes(folder.directory());
        if (usable < total - kept) {
            throw new NotEnoughDiskSpaceException(repo, folder.directory(), total - kept, usable);
        }
        TransferMeter meter = new TransferMeter(System::nanoTime);
        long[] done = {kept};
        long[] received = {0};
        for (int i = 0; i < files.size(); i++) {
            HubFile file = files.get(i);
            Path part = folder.partial(commit, file);
            long[] onDisk = {ResumableDownload.kept(part, file)};
            int number = i + 1;
            long grandTotal = total;
            new ResumableDownload(api, repo, commit, file, part, retry, bytes -> {
                long delta = bytes - onDisk[0];
                onDisk[0] = bytes;
                done[0] += delta;
                if (delta > 0) {
                    received[0] += delta;
                    meter.add(delta);
                }
                progress.update(new DownloadStatus(file.path(), number, files.size(), bytes, file.size(), done[0],
                        grandTotal, meter.bytesPerSecond()));
            }).run();
        }
        return received[0];
    }

    /** Moves the verified downloads into the snapshot, each by an atomic rename on the same disk. */
    private static void publish(HubRepoFolder folder, String commit, List<HubFile> files) throws IOException {
        Path target = folder.snapshot(commit);
        for (HubFile file : files) {
            Path destination = target.resolve(file.path());
            Files.createDirectories(destination.getParent());
            Files.move(folder.partial(commit, file), destination, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        deleteEmptyFolders(folder.incomplete(commit));
    }

    private static void deleteEmptyFolders(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> entries = Files.list(path)) {
                        if (entries.findAny().isEmpty()) {
                            Files.delete(path);
                        }
                    }
                }
            }
        }
    }

}
