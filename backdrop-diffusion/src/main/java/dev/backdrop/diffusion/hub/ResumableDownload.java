package dev.backdrop.diffusion.hub;

import dev.backdrop.model.ModelUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one file into its partial file, resuming with {@code Range} from what is already
 * there, and leaves it only once its length and hash match the hub's listing. A dropped
 * connection, or a body that ends early without an error (some clients hand back a cut body as if
 * it were whole), is resumed per the {@link RetryPolicy}; after that the partial file stays for the
 * next fetch to resume. A file that arrives corrupt is deleted.
 */
final class ResumableDownload {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HubApi api;
    private final String repo;
    private final String commit;
    private final HubFile file;
    private final Path part;
    private final LongConsumer onDisk;
    private final ContentDigest digest;
    private final RetryPolicy retry;
    private long have;

    /** @param onDisk told the bytes of the file on disk whenever they change */
    ResumableDownload(HubApi api, String repo, String commit, HubFile file, Path part, RetryPolicy retry,
                      LongConsumer onDisk) {
        this.api = api;
        this.retry = retry;
        this.repo = repo;
        this.commit = commit;
        this.file = file;
        this.part = part;
        this.onDisk = onDisk;
        this.digest = ContentDigest.of(file);
    }

    /** How many bytes a resumed download of {@code file} keeps from {@code part}. */
    static long kept(Path part, HubFile file) throws IOException {
        long size = Files.isRegularFile(part) ? Files.size(part) : 0;
        return size <= file.size() ? size : 0;
    }

    void run() {
        try {
            Files.createDirectories(part.getParent());
            have = kept(part, file);
            if (have > 0) {
                digest.updateFrom(part, have);
            }
            onDisk.accept(have);
            int failures = 0;
            while (have < file.size() || have == 0 && !Files.exists(part)) {
                long before = have;
                try {
                    transfer();
                    if (have < file.size()) {
                        throw new IOException("the body ended after " + have + " of " + file.size() + " bytes");
                    }
                } catch (IOException e) {
                    failures = have > before ? 1 : failures + 1;
                    if (failures >= retry.attempts()) {
                        throw new HubConnectionException("the connection dropped or failed " + failures + " times in a"
                                + " row while downloading " + file.path() + " of " + repo + " (" + e.getMessage() + "); "
                                + ByteCount.format(have) + " of " + ByteCount.format(file.size())
                                + " are kept: run the same fetch again to resume", e);
                    }
                    Thread.sleep(retry.pauseAfter(failures).toMillis());
                }
            }
            String problem = digest.mismatch().orElse(null);
            if (problem != null) {
                Files.deleteIfExists(part);
                throw new HubCorruptFileException(repo, file.path(), problem);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubConnectionException("interrupted while downloading " + file.path() + " of " + repo, e);
        } catch (IOException | UncheckedIOException e) {
            throw new ModelUnavailableException("cannot write " + part + " (" + e.getMessage() + "): check the disk"
                    + " and the permissions of the model cache", e);
        }
    }

    /**
     * One request from {@link #have} on. Network failures are thrown as {@link IOException}; failures to
     * write the partial file as {@link UncheckedIOException}, which are not retried.
     */
    private void transfer() throws IOException, InterruptedException {
        HttpResponse<InputStream> response = api.download(repo, commit, file, have);
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 200 && have > 0) {
                // The range was ignored: the whole file comes again.
                restart();
            } else if (status == 416 || status == 206 && !answersRange(response)) {
                long asked = have;
                restart();
                throw new IOException("the server answered " + status + " " + response.headers()
                        .firstValue("Content-Range").orElse("") + " to a request from byte " + asked + "; starting over");
            } else if (status != 200 && status != 206) {
                throw new IOException("unexpected HTTP " + status);
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length >= 0 && length != file.size() - have) {
                Files.deleteIfExists(part);
                throw new HubCorruptFileException(repo, file.path(), "the server sends " + (have + length)
                        + " bytes, the hub lists " + file.size());
            }
            copy(body);
        }
    }

    /** Whether a 206 answer holds the rest of the file from {@link #have}, as asked. */
    private boolean answersRange(HttpResponse<InputStream> response) {
        Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        return have > 0 && range.matches() && Long.parseLong(range.group(1)) == have
                && range.group(3).equals(String.valueOf(file.size()));
    }

    private void copy(InputStream body) throws IOException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             StallGuard guard = new StallGuard(body, retry.stall())) {
            write(() -> out.truncate(have).position(have));
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = read(body, buffer, guard)) >= 0; ) {
                guard.progressed();
                if (have + n > file.size()) {
                    out.close();
                    Files.deleteIfExists(part);
                    throw new HubCorruptFileException(repo, file.path(), "more bytes than the "
                            + file.size() + " the hub lists");
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                write(() -> {
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                });
                digest.update(buffer, 0, n);
                have += n;
                onDisk.accept(have);
            }
        }
    }

    private int read(InputStream body, byte[] buffer, StallGuard guard) throws IOException {
        int n;
        try {
            n = body.read(buffer);
        } catch (IOException e) {
            if (!guard.tripped()) {
                throw e;
            }
            n = -1;
        }
        if (guard.tripped()) {
            long millis = retry.stall().toMillis();
            throw new IOException("nothing arrived for " + (millis >= 1000 ? millis / 1000 + " s" : millis + " ms"));
        }
        return n;
    }

    private void restart() {
        write(() -> {
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                out.truncate(0);
            }
        });
        digest.reset();
        have = 0;
        onDisk.accept(0);
    }

    /** Disk writes, kept apart from network reads: a full disk is not resumed. */
    private static void write(DiskWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface DiskWrite {
        void run() throws IOException;
    }
}
