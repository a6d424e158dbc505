package dev.backdrop.eval;

import java.nio.file.Path;

/** A photo and its hand-made mask (white = subject), paired by file name. */
public record LabelledPhoto(String name, Path photo, Path mask) {
}
