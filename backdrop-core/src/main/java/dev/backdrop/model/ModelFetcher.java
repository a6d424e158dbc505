package dev.backdrop.model;

import java.nio.file.Path;

/** Brings a model file to {@code target}, verified, or throws {@link ModelUnavailableException}. */
@FunctionalInterface
public interface ModelFetcher {

    void fetch(ModelId model, Path target, FetchProgress progress);
}
