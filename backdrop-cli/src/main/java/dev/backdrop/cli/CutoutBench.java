package dev.backdrop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.image.DecodedImage;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.FolderTree;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.onnx.RunProfile;
import dev.backdrop.onnx.TransparentHugePages;
import dev.backdrop.segment.Cutout;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.segment.OnnxSegmenter;
import dev.backdrop.segment.SegmentationModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Times our cut-out against the Node peer running the same ISNet model on the same photos, in one
 * run, and compares the two masks.
 */
@Command(name = "cutout", mixinStandardHelpOptions = true,
        description = "Time cut-outs against @imgly/background-removal-node (bench/peer) and compare masks.")
final class CutoutBench implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "photos to time")
    List<Path> images;

    @Option(names = "--runs", converter = Count.Positive.class,
            defaultValue = "5", description = "timed runs per image (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", converter = Count.NonNegative.class,
            defaultValue = "1", description = "untimed runs per image (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--model", defaultValue = "isnet-fp16", description = "our model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--peer", defaultValue = "bench/peer", paramLabel = "DIR",
            description = "folder of the peer script, 'none' to time ours alone (default: ${DEFAULT-VALUE})")
    String peer;

    @Option(names = "--batch", converter = Count.NonNegative.class, defaultValue = "20",
            description = "images in the peak-memory batch, cycling through the photos; 0 for none"
                    + " (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--threads", converter = Count.Positive.class,
            description = "inference threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--large", paramLabel = "MEGAPIXELS", defaultValue = "0",
            description = "also time the first photo enlarged to this many megapixels, ours only (default: 0, none)")
    double large;

    @Option(names = "--profile",
            description = "also run the model on the first photo under ONNX Runtime's profiler: time per operator and the convolutions' GFLOP/s")
    boolean profile;

    @Mixin
    ExecutionOptions execution;

    @Spec
    CommandSpec spec;

    /** The report: picocli's writer, so that a caller of the command can read it. */
    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        // The enlarged photo and the peer's cut-outs, gone with the run.
        Path outDir = Files.createTempDirectory("backdrop-bench-");
        try {
            return run(outDir);
        } finally {
            FolderTree.delete(outDir);
        }
    }

    private Integer run(Path outDir) throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        Map<Path, Result> ours = new LinkedHashMap<>();
        long peakRss;
        RunProfile operators = null;
        ExecutionSettings settings = execution.settings(threads);
        try (SegmentationModels models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(), settings)) {
            OnnxSegmenter segmenter = models.segmenter(model, new ConsoleProgress(System.err));
            CutoutMaker maker = new CutoutMaker(segmenter);
            // The batch runs first, so its peak is not the large photo's.
            for (int i = 0; i < batch; i++) {
                maker.cut(decoder.decode(images.get(i % images.size())).pixels().rgb());
            }
            peakRss = ProcessMemory.peakRssKiB("self");
            List<Path> timed = new ArrayList<>(images);
            if (large > 0) {
                timed.add(LargePhoto.write(images.get(0), large, outDir));
            }
            for (Path image : timed) {
                ours.put(image, time(image, maker, segmenter, decoder));
            }
            if (profile) {
                try (OnnxSegmenter.ModelInput input = segmenter.prepare(decoder.decode(images.get(0)).pixels().rgb())) {
                    operators = segmenter.profile(input, warmup + 1);
                }
            }
        }
        out.println(Processor.reportLine());
        out.printf("ours: model %s on %s (%s), %d warm-up + %d timed runs per image (decode + segment + refine"
                + " + decontaminate); model = one forward pass alone on the prepared input, timed in turn with them%n",
                model, settings.describe(), TransparentHugePages.ofThisProcess().describe(), warmup, runs);
        Map<Path, Result> theirs = peer.equals("none") ? Map.of() : runPeer(outDir, decoder);
        out.printf("%-28s %10s %9s %8s %10s %7s %7s %9s%n", "image", "ours ms", "model ms", "/model",
                "peer ms", "/peer", "IoU", "mean|Δα|");
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<Path, Result> e : ours.entrySet()) {
            Result our = e.getValue();
            PhotoSize size = our.size();
            String name = e.getKey().getFileName() + " (" + size.width() + "×" + size.height() + ")";
            String mine = String.format("%-28s %10.0f %9.0f %8.2f", name, our.medianMs(), our.modelMs(),
                    our.medianMs() / our.modelMs());
            Result peerResult = theirs.get(e.getKey().toAbsolutePath().normalize());
            if (peerResult == null) {
                out.println(mine);
                continue;
            }
            double ratio = our.medianMs() / peerResult.medianMs();
            ratios.add(ratio);
            // Three decimals: the goal is a bound of 0.25, which two would blur.
            out.printf("%s %10.0f %7.3f %7.4f %9.4f%n", mine, peerResult.medianMs(), ratio,
                    iou(our.mask(), peerResult.mask()), meanAbsDiff(our.mask(), peerResult.mask()));
        }
        if (!ratios.isEmpty()) {
            out.printf("median ratio ours/peer: %.3f%n", median(ratios.stream().mapToDouble(d -> d).toArray()));
        }
        out.printf("peak RSS of this JVM after a %d-image batch: %d MiB%n", batch, peakRss / 1024);
        if (operators != null) {
            print(operators, images.get(0));
        }
        return 0;
    }

    private void print(RunProfile run, Path photo) {
        out.printf("model pass under ONNX Runtime's profiler (%s, run %d of %d): %.0f ms%n",
                photo.getFileName(), warmup + 1, warmup + 1, run.runMs());
        run.operators().forEach((operator, time) -> out.printf("  %-22s %4d nodes %9.1f ms %6.1f%%%n",
                operator, time.nodes(), time.ms(), 100 * time.ms() / run.runMs()));
        out.printf("convolutions: %.1f GFLOP in %.0f ms, %.1f GFLOP/s%n", run.convolutionFlops() / 1e9,
                run.convolutionMs(), run.convolutionGflops());
    }

    /** Median cut-out time (from the file) and median model-only time, the two alternating so load hits both alike. */
    private Result time(Path image, CutoutMaker maker, OnnxSegmenter segmenter, ImageDecoder decoder)
            throws IOException {
        RgbImage photo = decoder.decode(image).pixels().rgb();
        Cutout last = null;
        try (OnnxSegmenter.ModelInput input = segmenter.prepare(photo)) {
            for (int i = 0; i < warmup; i++) {
                last = maker.cut(photo);
                segmenter.forward(input);
            }
            double[] times = new double[runs];
            double[] model = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                last = maker.cut(decoder.decode(image).pixels().rgb());
                times[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                segmenter.forward(input);
                model[i] = (System.nanoTime() - start) / 1e6;
            }
            return new Result(median(times), median(model), last.mask(), new PhotoSize(photo.width(), photo.height()));
        }
    }

    private Map<Path, Result> runPeer(Path outDir, ImageDecoder decoder) throws IOException, InterruptedException {
        Path script = Path.of(peer, "cutout.mjs");
        if (!Files.isDirectory(Path.of(peer, "node_modules"))) {
            throw new IllegalStateException("the peer is not installed: run 'npm install --ignore-scripts' in " + peer);
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString(), "--runs", String.valueOf(runs),
                "--warmup", String.valueOf(warmup), "--out", outDir.toString(),
                "--model", model.equals("isnet-quint8") ? "small" : "medium"));
        images.forEach(p -> command.add(p.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the peer failed (exit " + process.exitValue() + ")");
        }
        ObjectMapper json = new ObjectMapper();
        Map<Path, Result> results = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("{")) {
                out.println("peer: " + line);
                continue;
            }
            JsonNode node = json.readTree(line);
            if (!node.has("median_ms")) {
                out.println("peer: " + line);
                continue;
            }
            DecodedImage mask = decoder.decode(Path.of(node.get("output").asText()));
            results.put(Path.of(node.get("image").asText()).toAbsolutePath().normalize(),
                    new Result(node.get("median_ms").asDouble(), alphaOf(mask)));
        }
        return results;
    }

    /** The peer writes either an RGBA cut-out or a gray mask: take alpha, else the gray level. */
    private static Mask alphaOf(DecodedImage image) {
        if (image.hasAlpha()) {
            return image.pixels().alpha();
        }
        int[] px = image.pixels().pixels();
        float[] a = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            a[i] = ((px[i] >> 8) & 0xFF) / 255f;
        }
        return new Mask(image.width(), image.height(), a);
    }

    static double iou(Mask a, Mask b) {
        long both = 0, either = 0;
        for (int i = 0; i < a.alpha().length; i++) {
            boolean x = a.alpha()[i] > 0.5f, y = b.alpha()[i] > 0.5f;
            both += x && y ? 1 : 0;
            either += x || y ? 1 : 0;
        }
        return either == 0 ? 1 : (double) both / either;
    }

    static double meanAbsDiff(Mask a, Mask b) {
        double sum = 0;
        for (int i = 0; i < a.alpha().length; i++) {
            sum += Math.abs(a.alpha()[i] - b.alpha()[i]);
        }
        return sum / a.alpha().length;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }


    private record Result(double medianMs, double modelMs, Mask mask, PhotoSize size) {

        Result(double medianMs, Mask mask) {
            this(medianMs, Double.NaN, mask, new PhotoSize(mask.width(), mask.height()));
        }
    }

    private record PhotoSize(int width, int height) {
    }
}
