package dev.backdrop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The processor a benchmark ran on, for its report: figures from two machines of the same name
 * can differ by half (BENCHMARKS.md), so the family and model are printed beside the name.
 */
record Processor(String name, String family, String model, int cores) {

    /** The line every timing benchmark's report starts with: "machine: " and this machine's processor. */
    static String reportLine() {
        return "machine: " + ofThisMachine().describe();
    }

    /** This machine's, from /proc/cpuinfo where there is one. */
    static Processor ofThisMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII), cores);
        } catch (IOException | RuntimeException e) {
            return new Processor(System.getProperty("os.arch"), "", "", cores);
        }
    }

    /** The first processor's entries of a /proc/cpuinfo text. */
    static Processor parse(String cpuinfo, int cores) {
        return new Processor(field(cpuinfo, "model name").orElse(System.getProperty("os.arch")),
                field(cpuinfo, "cpu family").orElse(""), field(cpuinfo, "model").orElse(""), cores);
    }

    private static Optional<String> field(String cpuinfo, String key) {
        return cpuinfo.lines()
                .filter(line -> line.contains(":") && line.substring(0, line.indexOf(':')).strip().equals(key))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .filter(value -> !value.isEmpty())
                .findFirst();
    }

    /** For example "AMD EPYC (family 25, model 17), 2 cores". */
    String describe() {
        String id = family.isEmpty() ? "" : " (family " + family + (model.isEmpty() ? "" : ", model " + model) + ")";
        return name + id + ", " + cores + (cores == 1 ? " core" : " cores");
    }
}
