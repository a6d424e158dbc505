package dev.backdrop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.FolderTree;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.ModelId;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.segment.OnnxSegmenter;
import dev.backdrop.segment.SegmentationModels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Load on the HTTP API: starts {@code backdrop serve} as its own process (so its memory is its
 * own), then runs closed-loop clients against cut-out and replace and reports throughput, latency
 * percentiles, how many requests were turned away with 429, and the server's peak RSS.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Requests/s and latency of cut-out and replace under 1, 2, 4 and 8 concurrent clients.")
final class ApiBench implements Callable<Integer> {

    @Parameters(arity = "1", paramLabel = "IMAGE", description = "the photo every request sends")
    Path image;

    @Option(names = "--clients", split = ",", defaultValue = "1,2,4,8", description = "client counts (default: ${DEFAULT-VALUE})")
    List<Integer> clients;

    @Option(names = "--seconds", converter = Count.Positive.class,
            defaultValue = "30", description = "duration of each run (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--workers", converter = Count.Positive.class,
            defaultValue = "1", description = "the server's --workers, images processed at once"
            + " (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--queue", converter = Count.Positive.class,
            defaultValue = "4", description = "the server's --queue (default: ${DEFAULT-VALUE})")
    int queue;

    /** The heap cap the launcher gives {@code serve}. */
    static final String SERVE_HEAP = "-Xmx1g";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("backdrop-bench-api-");
        String jar = Path.of(ApiBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>(serverJvm(ProcessHandle.current().info().command().orElse("java"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getenv("BACKDROP_JAVA_OPTS") != null));
        command.addAll(List.of("-jar", jar, "serve", "--port", String.valueOf(port), "--data", data.toString(), "--no-auth",
                "--workers", String.valueOf(workers), "--queue", String.valueOf(queue)));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        boolean finished = false;
        try {
            waitReady(base);
            String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(image));
            String cutout = json.writeValueAsString(Map.of("image", b64));
            String replace = json.writeValueAsString(Map.of("image", b64, "prompt", "white marble, soft light",
                    "base64", false));
            System.out.println(Processor.reportLine());
            System.out.printf("server: pid %d, --workers %d --queue %d, %d s per run, image %s%n", server.pid(), workers, queue,
                    seconds, image.getFileName());
            double modelMs = modelPassMs();
            System.out.printf("model: one forward pass alone, in this process while the server idles, %.0f ms"
                    + " (1 / model time = %.2f passes/s); /model = req/s over that%n", modelMs, 1000 / modelMs);
            System.out.printf("%-8s %7s %8s %8s %8s %6s %6s %7s%n", "route", "clients", "req/s", "p50 ms", "p95 ms", "ok", "429",
                    "/model");
            for (String[] route : new String[][] {{"cutout", "/v1/cutout", cutout}, {"replace", "/v1/bg-replace", replace}}) {
                for (int n : clients) {
                    run(route[0], base + route[1], route[2], n, modelMs);
                }
            }
            System.out.printf("server peak RSS: %d MiB%n", ProcessMemory.peakRssKiB(String.valueOf(server.pid())) / 1024);
            finished = true;
        } finally {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
            if (finished) {
                FolderTree.delete(data);
            } else {
                System.err.println("the server's data folder and log are kept in " + data);
            }
        }
        return 0;
    }

    /**
     * The server's JVM as {@code ./backdrop serve} starts it: this JVM's binary and options (the
     * launcher's), with the heap cap the launcher gives serve, unless the options are the caller's
     * own BACKDROP_JAVA_OPTS, which replace both there. The malloc settings come with the environment.
     */
    static List<String> serverJvm(String java, List<String> options, boolean callersOwnOptions) {
        List<String> jvm = new ArrayList<>();
        jvm.add(java);
        jvm.addAll(options);
        if (!callersOwnOptions) {
            jvm.add(SERVE_HEAP);
        }
        return jvm;
    }

    /**
     * The median of three forward passes of the server's cut-out model on this photo, after one
     * warm-up, with the server's inference threads: the figure the cut-out throughput is held to.
     */
    private double modelPassMs() throws IOException {
        RgbImage photo = new ImageDecoder().decode(image).pixels().rgb();
        try (SegmentationModels models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(),
                Runtime.getRuntime().availableProcessors())) {
            OnnxSegmenter segmenter = models.segmenter(ModelId.ISNET_FP16.cliName(), new ConsoleProgress(System.err));
            try (OnnxSegmenter.ModelInput input = segmenter.prepare(photo)) {
                segmenter.forward(input);
                double[] times = new double[3];
                for (int i = 0; i < times.length; i++) {
                    long start = System.nanoTime();
                    segmenter.forward(input);
                    times[i] = (System.nanoTime() - start) / 1e6;
                }
                return CutoutBench.median(times);
            }
        }
    }

    private void run(String name, String url, String body, int clients, double modelMs) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong busy = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            loops.add(pool.submit(() -> {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        latencies.add(System.nanoTime() - t0);
                    } else if (r.statusCode() == 429) {
                        busy.incrementAndGet();
                        Thread.sleep(200);
                    } else {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Future<?> loop : loops) {
            loop.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double perSecond = sorted.size() / elapsed;
        System.out.printf("%-8s %7d %8.2f %8.0f %8.0f %6d %6d %7.2f%s%n", name, clients, perSecond,
                percentile(sorted, 0.5), percentile(sorted, 0.95), sorted.size(), busy.get(), perSecond * modelMs / 1000,
                failed.get() > 0 ? "  (" + failed.get() + " other errors)" : "");
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private void waitReady(String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server did not become ready within 10 minutes");
    }

}
