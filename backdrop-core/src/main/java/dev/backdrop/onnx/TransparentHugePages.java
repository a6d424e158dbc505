package dev.backdrop.onnx;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the Java heap is backed by transparent huge pages. A 12 MP cut-out allocates hundreds of
 * MB of planes, and faulting fresh heap in 4 KiB at a time made it about a fifth slower. Linux
 * grants huge pages to every mapping in mode {@code always}, and in mode {@code madvise} (the usual
 * default) only where asked, which the JVM does for its heap with
 * {@code -XX:+UseTransparentHugePages}, as the {@code backdrop} launcher passes.
 *
 * <p>ONNX Runtime's activations need none: its arena keeps them mapped from one run to the next
 * (see {@link ExecutionSettings#sessionOptions()}).
 *
 * @param mode     the kernel's mode ({@code always}, {@code madvise}, {@code never}), or
 *                 {@code unknown} where the kernel does not say (not Linux, or no THP support)
 * @param javaHeap whether the JVM asks for them for its heap
 */
public record TransparentHugePages(String mode, boolean javaHeap) {

    private static final Path MODE_FILE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    /** This process, from the kernel's setting and the JVM's option. */
    public static TransparentHugePages ofThisProcess() {
        String mode;
        try {
            mode = Files.isReadable(MODE_FILE) ? selected(Files.readString(MODE_FILE)).orElse("unknown") : "unknown";
        } catch (IOException e) {
            mode = "unknown";
        }
        return new TransparentHugePages(mode, javaHeapAsks());
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

    /** Whether the heap gets them: always, or on request when the JVM asks. */
    public boolean backTheHeap() {
        return mode.equals("always") || (mode.equals("madvise") && javaHeap);
    }

    /** What to do when they are not in use but could be, or empty when nothing would help. */
    public Optional<String> advice() {
        if (backTheHeap() || !mode.equals("madvise")) {
            return Optional.empty();
        }
        return Optional.of("transparent huge pages are available but the Java heap does not ask for them: cut-outs of"
                + " large photos take longer (about a fifth at 12 MP); start Backdrop with the JVM option"
                + " -XX:+UseTransparentHugePages (the backdrop launcher passes it)");
    }

    /** For logs and benchmark reports. */
    public String describe() {
        if (!mode.equals("madvise")) {
            return "transparent huge pages " + mode;
        }
        return "transparent huge pages madvise, " + (javaHeap ? "asked for" : "not asked for") + " by the Java heap";
    }
}
