package dev.backdrop.diffusion.hub;

/** Receives the state of a fetch as bytes arrive (often: throttle what is shown). */
@FunctionalInterface
public interface DownloadProgress {

    void update(DownloadStatus status);

    DownloadProgress SILENT = status -> { };
}
