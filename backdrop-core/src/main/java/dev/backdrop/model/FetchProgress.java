package dev.backdrop.model;

/** Receives progress while a model is fetched; {@code total} is -1 while unknown. */
@FunctionalInterface
public interface FetchProgress {

    void update(String stage, long done, long total);

    FetchProgress SILENT = (stage, done, total) -> { };
}
