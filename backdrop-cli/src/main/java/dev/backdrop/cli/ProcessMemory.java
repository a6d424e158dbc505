package dev.backdrop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident memory (VmHWM) of a Linux process, for benchmarks. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** @param pid a process id, or {@code "self"} */
    static long peakRssKiB(String pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
