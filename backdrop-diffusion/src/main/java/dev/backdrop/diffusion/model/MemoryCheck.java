package dev.backdrop.diffusion.model;

import dev.backdrop.onnx.ExecutionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before any graph is loaded, that a model folder fits where it will run: every graph's
 * weights (its {@code model.onnx} and external data) plus a third for the runtime's own copies
 * (pre-packed weights, graph optimisation: an SDXL UNet of 10.3 GB of weights peaked at 14.0 GB
 * with one 1024² step) plus a fixed allowance for the activations of one batch, against the memory available: on the CPU what the operating system reports as
 * available, on CUDA the device's free memory as its driver reports it. Too little is refused
 * with both figures, rather than failing half-way through loading or swapping the machine.
 */
public final class MemoryCheck {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryCheck.class);
    static final long ACTIVATIONS = 1L << 30;
    private static final List<String> GRAPHS = List.of("text_encoder", "text_encoder_2", "unet", "vae_encoder",
            "vae_decoder", "controlnet", "image_encoder", "image_projection");

    private MemoryCheck() {
    }

    /** What the folder's graphs need, in bytes: weights, a third more, and the activation allowance. */
    public static long required(Path folder) {
        return required(weights(folder));
    }

    private static long required(long weights) {
        return weights + weights / 3 + ACTIVATIONS;
    }

    /** The bytes of every graph file in the folder. */
    public static long weights(Path folder) {
        long total = 0;
        for (String graph : GRAPHS) {
            Path dir = folder.resolve(graph);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("model.onnx")).toList()) {
                    total += Files.size(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    /** Refuses the folder when it needs more than {@code available} bytes (empty: unknown, only logged). */
    public static void require(Path folder, String where, OptionalLong available) {
        long weights = weights(folder);
        long needed = required(weights);
        if (available.isEmpty()) {
            LOG.info("diffusion model needs about {} ({} of weights) on {}; free memory there is unknown, not checked",
                    gib(needed), gib(weights), where);
            return;
        }
        LOG.info("diffusion model needs about {} ({} of weights) on {}, {} available", gib(needed),
                gib(weights), where, gib(available.getAsLong()));
        if (needed > available.getAsLong()) {
            throw new InvalidDiffusionModelException("the diffusion model in " + folder + " needs about " + gib(needed)
                    + " (" + gib(weights) + " of weights, the runtime's copies and one batch's activations) but "
                    + where + " has " + gib(available.getAsLong()) + " available; use a smaller model (an SD 1.5"
                    + " preset), a machine or GPU with more memory, or free some");
        }
    }

    /** Where the graphs run and how much memory is free there, as far as can be told. */
    static void require(Path folder, ExecutionSettings settings) {
        if (settings.onGpu()) {
            require(folder, "CUDA device " + settings.cudaDevice(), cudaFree(settings.cudaDevice()));
        } else {
            require(folder, "this machine", systemAvailable());
        }
    }

    /** MemAvailable from /proc/meminfo on Linux, else the JVM's view of free physical memory. */
    static OptionalLong systemAvailable() {
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.isReadable(meminfo)) {
            try {
                for (String line : Files.readAllLines(meminfo, StandardCharsets.US_ASCII)) {
                    if (line.startsWith("MemAvailable:")) {
                        return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // fall through to the JVM's figure
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return OptionalLong.of(os.getFreeMemorySize());
        }
        return OptionalLong.empty();
    }

    /** The device's free memory as {@code nvidia-smi} reports it, or empty where that cannot be asked. */
    static OptionalLong cudaFree(int device) {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=memory.free", "--format=csv,noheader,nounits",
                    "-i", Integer.toString(device)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(out.lines().findFirst().orElse("").strip()) * 1024 * 1024);
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
