package dev.backdrop.cli;

import picocli.CommandLine.Command;

@Command(name = "backdrop",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Product photos on new backgrounds: cut-outs, background replacement, an HTTP API.",
        subcommands = {ServeCommand.class, CutoutCommand.class, ReplaceCommand.class, ModelsCommand.class, KeysCommand.class, BenchCommand.class,
                EvalCommand.class})
final class BackdropCommand {
}
