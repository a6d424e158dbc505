package dev.backdrop.pipeline;

/** Hears what a pipeline run is doing: progress for job status, stage timings for metrics. */
public interface PipelineObserver {

    PipelineObserver NONE = new PipelineObserver() { };

    /** Share of the request done, 0..1. */
    default void progress(double done) {
    }

    /** A stage ({@code segment}, {@code background}, {@code compose}) took {@code nanos}. */
    default void stage(String stage, long nanos) {
    }
}
