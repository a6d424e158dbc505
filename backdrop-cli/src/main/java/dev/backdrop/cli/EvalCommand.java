package dev.backdrop.cli;

import picocli.CommandLine.Command;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure quality on your own labelled photos.",
        subcommands = {CutoutEval.class})
final class EvalCommand {
}
