package dev.backdrop.service;

import dev.backdrop.image.RgbImage;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.segment.Cutout;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs pipeline work for every use case: inputs are read (downloads included) on an I/O pool,
 * image work goes through the bounded {@link WorkQueue}. The pipeline arrives once the models are
 * loaded; until then calls fail with {@link NotReadyException}.
 */
public final class PipelineRunner implements AutoCloseable {

    private final AtomicReference<Pipeline> pipeline = new AtomicReference<>();
    private volatile List<String> ignoredParameters = List.of();
    private final WorkQueue queue;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backdrop-input");
        t.setDaemon(true);
        return t;
    });

    private final PipelineObserver stages;

    public PipelineRunner(WorkQueue queue) {
        this(queue, PipelineObserver.NONE);
    }

    /** @param stages hears every request's stage timings (for metrics) */
    public PipelineRunner(WorkQueue queue, PipelineObserver stages) {
        this.queue = queue;
        this.stages = stages;
    }

    /**
     * @param ignored the bg-replace parameters the active background generator does not use, so
     *                responses can say so instead of ignoring them silently
     */
    public void ready(Pipeline loaded, List<String> ignored) {
        ignoredParameters = List.copyOf(ignored);
        pipeline.set(loaded);
    }

    /**
     * The parameters the background generator ignores, known before (or without) its models: an
     * API node prices and answers by them but never loads the pipeline.
     */
    public void ignoring(List<String> ignored) {
        ignoredParameters = List.copyOf(ignored);
    }

    /**
     * The steps a bg-replace is priced by: the request's own with a denoising loop; without one
     * (the procedural scenes ignore {@code num_inference_steps}) one unit, so a parameter that
     * changes nothing costs nothing.
     */
    public int billedSteps(int steps) {
        return ignoredParameters.contains("num_inference_steps") ? 1 : steps;
    }

    public List<String> ignoredParameters() {
        return ignoredParameters;
    }

    public boolean isReady() {
        return pipeline.get() != null;
    }

    public WorkQueue queue() {
        return queue;
    }

    /** Reads an input off the request thread (URLs may take seconds). */
    public <T> CompletableFuture<T> read(Supplier<T> reader) {
        return CompletableFuture.supplyAsync(reader, io);
    }

    public CompletableFuture<List<ReplaceResult>> replace(ReplaceRequest request, PipelineObserver observer) {
        Pipeline p = require();
        PipelineObserver both = new PipelineObserver() {
            @Override
            public void progress(double done) {
                observer.progress(done);
            }

            @Override
            public void stage(String stage, long nanos) {
                stages.stage(stage, nanos);
                observer.stage(stage, nanos);
            }
        };
        return queue.submit(() -> p.replace(request, both));
    }

    public CompletableFuture<Cutout> cutout(RgbImage photo) {
        Pipeline p = require();
        return queue.submit(() -> p.cutout(photo));
    }

    /** Refuses work until the models are loaded. */
    public void requireReady() {
        require();
    }

    private Pipeline require() {
        Pipeline p = pipeline.get();
        if (p == null) {
            throw new NotReadyException();
        }
        return p;
    }

    /** Waits for a future and rethrows what failed it as it was thrown. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for work", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** The exception behind a failed future, for the error mapping. */
    public static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    @Override
    public void close() {
        queue.close();
        io.shutdownNow();
    }
}
