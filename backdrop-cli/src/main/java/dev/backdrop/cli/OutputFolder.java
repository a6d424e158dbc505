package dev.backdrop.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The folder a command writes its results to, made before any model loads. */
final class OutputFolder {

    private OutputFolder() {
    }

    /** Makes {@code folder}, or a usage error of {@code command} that says why it cannot be made. */
    static void create(Path folder, Object command) {
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(new CommandLine(command), "-o " + folder + ": " + e.getFile()
                    + " is a file, not a folder; give a folder for the results");
        } catch (IOException e) {
            throw new ParameterException(new CommandLine(command), "-o " + folder + ": cannot make the folder ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
