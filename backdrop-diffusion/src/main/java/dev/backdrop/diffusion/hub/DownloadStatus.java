package dev.backdrop.diffusion.hub;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a fetch stands: the file now downloading and the whole set of files still missing at the start.
 *
 * @param file           the repository path of the current file
 * @param fileNumber     its number among the files to download, from 1
 * @param fileCount      how many files this fetch downloads
 * @param fileDone       bytes of the current file on disk (a resumed file starts above 0)
 * @param fileSize       the current file's size
 * @param done           bytes of all files to download that are on disk
 * @param total          the size of all files to download
 * @param bytesPerSecond the recent download rate; 0 until measured
 */
public record DownloadStatus(String file, int fileNumber, int fileCount, long fileDone, long fileSize,
                             long done, long total, double bytesPerSecond) {

    /** The time left at the recent rate; empty while the rate is not known. */
    public Optional<Duration> eta() {
        if (bytesPerSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil((total - done) * 1000.0 / bytesPerSecond)));
    }

    public boolean fileComplete() {
        return fileDone >= fileSize;
    }
}
