package dev.backdrop.onnx;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
 * <p>The Java heap is the other half: a 12 MP cut-out allocates about 1 GB of planes, and faulting
 * fresh heap 4 KiB at a time took longer than the model's pass. The JVM asks for huge pages for
 * its heap with {@code -XX:+UseTransparentHugePages}, which the launcher passes too.
 *
 * @param mode      the kernel's mode ({@code always}, {@code madvise}, {@code never}), or
 *                  {@code unknown} where the kernel does not say (not Linux, or no THP support)
 * @param asked     whether glibc's malloc was told to ask for them
 * @param javaHeap  whether the JVM asks for them for its heap
 */
public record TransparentHugePages(String mode, boolean asked, boolean javaHeap) {

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
        return of(mode, System.getenv(), javaHeapAsks());
    }

    static TransparentHugePages of(String mode, Map<String, String> environment, boolean javaHeap) {
        String tunables = environment.getOrDefault("GLIBC_TUNABLES", "");
        boolean asked = Arrays.stream(tunables.split(":")).map(String::strip)
                .anyMatch(t -> t.startsWith("glibc.malloc.hugetlb=") && !t.equals("glibc.malloc.hugetlb=0"));
        return new TransparentHugePages(mode, asked, javaHeap);
    }

    private static boolean javaHeapAsks() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseTransparentHugePages").getValue());
        } catch (RuntimeException e) {
            return false; // not a HotSpot JVM
        }
    }

    /** The bracketed choice of a sysfs line such as {@code always [madvise] never}. */
    static Optional<String> selected(String line) {
        int open = line.indexOf('['), close = line.indexOf(']');
        return open >= 0 && close > open ? Optional.of(line.substring(open + 1, close)) : Optional.empty();
    }

    /** Whether an allocation of many megabytes by native code (ONNX Runtime) gets huge pages. */
    public boolean backLargeAllocations() {
        return mode.equals("always") || (mode.equals("madvise") && asked);
    }

    /** What to do when they are not in use but could be, or empty when nothing would help. */
    public Optional<String> advice() {
        if (!mode.equals("madvise") || (backLargeAllocations() && javaHeap)) {
            return Optional.empty();
        }
        String tunable = "the environment variable GLIBC_TUNABLES=" + TUNABLE, flag = "the JVM option -XX:+UseTransparentHugePages";
        String missing = backLargeAllocations() ? flag : javaHeap ? tunable : tunable + " and " + flag;
        return Optional.of("transparent huge pages are available but not asked for: cut-outs run up to twice as long"
                + " (the model's pass without GLIBC_TUNABLES, large photos without the JVM option); start Backdrop with "
                + missing + " (the backdrop launcher sets both)");
    }

    /** For logs and benchmark reports. */
    public String describe() {
        if (!mode.equals("madvise")) {
            return "transparent huge pages " + mode;
        }
        return "transparent huge pages madvise, " + (asked ? "asked for" : "not asked for") + " by malloc, "
                + (javaHeap ? "asked for" : "not asked for") + " by the Java heap";
    }
}
