package dev.backdrop.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (timings are printed, never asserted).",
        subcommands = {CutoutBench.class, ApiBench.class})
final class BenchCommand {
}
