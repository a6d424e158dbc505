package dev.backdrop.diffusion.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How many bytes can still be written to the disk of a folder. */
@FunctionalInterface
public interface DiskSpace {

    long usableBytes(Path folder) throws IOException;

    DiskSpace OF_FILE_STORE = folder -> Files.getFileStore(folder).getUsableSpace();
}
