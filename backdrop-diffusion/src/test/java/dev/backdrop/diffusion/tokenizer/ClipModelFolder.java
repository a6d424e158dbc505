package dev.backdrop.diffusion.tokenizer;

import java.nio.file.Path;
import java.util.List;

/** Tokenizer folders for tests, written from CLIP's merge list by {@link ClipTokenizerFiles}. */
final class ClipModelFolder {

    static final int MERGES = ClipTokenizerFiles.MERGES;

    private ClipModelFolder() {
    }

    static List<String> merges() {
        return ClipTokenizerFiles.merges();
    }

    static Path write(Path folder, String padToken) {
        return ClipTokenizerFiles.write(folder, padToken);
    }

    static Path copy(Path source, Path folder, String padToken) {
        return ClipTokenizerFiles.copy(source, folder, padToken);
    }
}
