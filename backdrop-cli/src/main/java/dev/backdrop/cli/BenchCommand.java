package dev.backdrop.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (timings are printed, never asserted) and a contact sheet of the scenes.",
        subcommands = {CutoutBench.class, ApiBench.class, SceneBench.class, ContactSheetBench.class, DiffusionBench.class,
                ConvertBench.class})
final class BenchCommand {
}
