package dev.backdrop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the {@code backdrop} command in a JVM of its own, for what only a new process can set:
 * its environment variables (the model cache folder, the hub's address and token).
 */
record CommandProcess(int exit, String out, String err) {

    /** The command line that runs {@code backdrop ARGS} on this test's class path. */
    static List<String> command(String... args) {
        return command(List.of(), args);
    }

    /** The same with options for the JVM itself (a heap limit, when several processes share the machine). */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    static CommandProcess run(Map<String, String> environment, Path work, String... args)
            throws IOException, InterruptedException {
        List<String> command = command(args);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("HF_") || name.startsWith("BACKDROP_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("backdrop " + String.join(" ", args) + " did not end within 2 minutes");
        }
        return new CommandProcess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
