package dev.backdrop.worker;

import dev.backdrop.pipeline.PipelineObserver;
import java.util.function.DoubleConsumer;

/**
 * Writes one running job's progress to its record, at most once per whole percent.
 *
 * <p>Why the limit: with the diffusion generator the pipeline reports every denoising step, so a
 * job of 4 samples at 100 steps reports 400 values, many per second on a fast machine, and every
 * write is a database transaction on the store all workers share. A client polling the job cannot
 * use finer steps than a percent, so a value is written only when it crosses into a higher whole
 * percent than the last one written: at most 101 writes a job, whatever the steps and samples.
 * The last value (1) always crosses, so a finished pipeline is always written.
 */
final class JobProgress implements PipelineObserver {

    private final DoubleConsumer write;
    private int writtenPercent;

    /** @param write stores a progress value (0..1) for the job */
    JobProgress(DoubleConsumer write) {
        this.write = write;
    }

    @Override
    public void progress(double done) {
        double value = done >= 0 ? Math.min(1, done) : 0;
        int percent = (int) Math.floor(value * 100);
        if (percent > writtenPercent) {
            writtenPercent = percent;
            write.accept(value);
        }
    }
}
