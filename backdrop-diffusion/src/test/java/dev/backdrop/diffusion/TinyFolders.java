package dev.backdrop.diffusion;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.image.Box;
import dev.backdrop.background.Subject;
import dev.backdrop.diffusion.tiny.TinyModelSpec;
import dev.backdrop.diffusion.tiny.TinyModels;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.FolderTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Tiny model folders written once per test JVM, and a product photo to inpaint around. */
public final class TinyFolders {

    private static Path root;
    private static final Map<TinyVariant, Path> FOLDERS = new EnumMap<>(TinyVariant.class);
    private static int custom;

    private TinyFolders() {
    }

    public static synchronized Path of(TinyVariant variant) {
        return FOLDERS.computeIfAbsent(variant, v -> TinyModels.write(root().resolve(v.cliName()), v));
    }

    /** A fresh folder of a spec, for tests that change or break it. */
    public static synchronized Path fresh(TinyModelSpec spec) {
        return TinyModels.write(root().resolve("custom-" + custom++), spec);
    }

    private static Path root() {
        if (root == null) {
            try {
                Path folder = Files.createTempDirectory("backdrop-tiny-sd");
                // deleteOnExit removes empty folders only; these hold about 130 MB of models.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> FolderTree.delete(folder)));
                root = folder;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** A 96x72 canvas with a striped product in a 30x40 rectangle; the rest is a gray photo background. */
    public static Subject subject() {
        return subject(96, 72);
    }

    /** The same product on a {@code w × h} canvas (at least 63x60). */
    public static Subject subject(int w, int h) {
        int[] px = new int[w * h];
        float[] alpha = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = x >= 33 && x < 63 && y >= 20 && y < 60;
                px[y * w + x] = inside ? ((x * 8) << 16) | ((y % 2 == 0 ? 200 : 40) << 8) | 90 : 0x808080 + x;
                alpha[y * w + x] = inside ? 1f : 0f;
            }
        }
        return new Subject(new RgbImage(w, h, px), new Mask(w, h, alpha), new Box(33, 20, 30, 40));
    }

    public static BackgroundRequest request(long seed, int steps) {
        Subject subject = subject();
        return new BackgroundRequest(subject, subject.width(), subject.height(), "a marble table, soft light",
                "blurry", null, new BackgroundParameters(1.0, 0.6, 7.5, steps), seed);
    }
}
