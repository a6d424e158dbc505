package dev.backdrop.diffusion.hub;

import dev.backdrop.model.FetchProgress;

/** Receives the state of a fetch as bytes arrive (often: throttle what is shown). */
@FunctionalInterface
public interface DownloadProgress {

    void update(DownloadStatus status);

    DownloadProgress SILENT = status -> { };

    /** For callers that show the model cache's other fetches: one stage per file, counted over all files. */
    static DownloadProgress reportingTo(FetchProgress progress) {
        return status -> progress.update("downloading " + status.file(), status.done(), status.total());
    }
}
