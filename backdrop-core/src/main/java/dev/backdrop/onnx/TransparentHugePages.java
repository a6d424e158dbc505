package dev.backdrop.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this process's large native allocations are backed by transparent huge pages. A session
 * with ONNX Runtime's arena off maps and frees its activations on every run; faulting them in
 * 4 KiB at a time took as long as the model's arithmetic at 1024², and huge pages cut that to a
 * fraction. Linux grants them to every mapping in mode {@code always}, and in mode
 * {@code madvise} (the usual default) only where asked, which glibc does for malloc when started
 * with {@code GLIBC_TUNABLES=glibc.malloc.hugetlb=1}, as the {@code backdrop} launcher does.
 *
 * @param mode   the kernel's mode ({@code always}, {@code madvise}, {@code never}), or
 *               {@code unknown} where the kernel does not say (not Linux, or no THP support)
 * @param asked  whether glibc's malloc was told to ask for them
 */
public record TransparentHugePages(String mode, boolean asked) {

    /**
     * The settings the launcher uses: glibc asks for huge pages, and a fixed mmap threshold returns
     * every freed block of 256 KiB or more to the system, so huge pages do not pile up in malloc's
     * heaps (the 20-image batch peaked 260 MiB higher without it).
     */
    public static final String TUNABLE = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=262144";
    private static final Path MODE_FILE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    /** This process, from the kernel's setting and the environment it was started with. */
    public static TransparentHugePages ofThisProcess() {
        String mode;
        try {
            mode = Files.isReadable(MODE_FILE) ? selected(Files.readString(MODE_FILE)).orElse("unknown") : "unknown";
        } catch (IOException e) {
            mode = "unknown";
        }
        return of(mode, System.getenv());
    }

    static TransparentHugePages of(String mode, Map<String, String> environment) {
        String tunables = environment.getOrDefault("GLIBC_TUNABLES", "");
        boolean asked = Arrays.stream(tunables.split(":")).map(String::strip)
                .anyMatch(t -> t.startsWith("glibc.malloc.hugetlb=") && !t.equals("glibc.malloc.hugetlb=0"));
        return new TransparentHugePages(mode, asked);
    }

    /** The bracketed choice of a sysfs line such as {@code always [madvise] never}. */
    static Optional<String> selected(String line) {
        int open = line.indexOf('['), close = line.indexOf(']');
        return open >= 0 && close > open ? Optional.of(line.substring(open + 1, close)) : Optional.empty();
    }

    /** Whether an allocation of many megabytes gets huge pages. */
    public boolean backLargeAllocations() {
        return mode.equals("always") || (mode.equals("madvise") && asked);
    }

    /** What to do when they are not in use but could be, or empty when nothing would help. */
    public Optional<String> advice() {
        if (mode.equals("madvise") && !asked) {
            return Optional.of("transparent huge pages are available but not asked for: a cut-out's model pass runs"
                    + " about twice as long; start Backdrop with the environment variable GLIBC_TUNABLES=" + TUNABLE
                    + " (the backdrop launcher sets it)");
        }
        return Optional.empty();
    }

    /** For logs and benchmark reports. */
    public String describe() {
        return "transparent huge pages " + mode + (mode.equals("madvise") ? (asked ? ", asked for by malloc" : ", not asked for") : "");
    }
}
