package dev.backdrop.pipeline;

import dev.backdrop.scene.BackgroundProgress;

/**
 * A request's progress as its observer hears it: the segmentation share first, then each sample's
 * share as its background source reports it (samples made together in one batch fill their shares
 * together). Values are clamped to 0..1 and passed on only when they rise, so observers (job
 * records, progress bars) never see progress go back or repeat, even if a source reports a share
 * twice or the pipeline reports a sample its source already finished.
 * One request runs on one thread, so this is not thread-safe.
 */
final class RisingProgress {

    private final PipelineObserver observer;
    private final int samples;
    private double last;

    RisingProgress(PipelineObserver observer, int samples) {
        this.observer = observer;
        this.samples = samples;
    }

    /** The subject is cut out: one share of {@code samples + 1}. */
    void segmented() {
        report(1.0 / (samples + 1));
    }

    /**
     * What the source of samples {@code from} (inclusive) to {@code to} (exclusive), made
     * together, reports lands across their shares: a batch's step advances all its samples at
     * once, so it moves the progress by that many samples' part of the step.
     */
    BackgroundProgress samples(int from, int to) {
        return share -> report((from + 1 + (to - from) * clamp(share)) / (samples + 1));
    }

    /** Sample {@code index} is composed. */
    void finished(int index) {
        report((index + 2.0) / (samples + 1));
    }

    void done() {
        report(1);
    }

    private void report(double done) {
        double value = clamp(done);
        if (value > last) {
            last = value;
            observer.progress(value);
        }
    }

    private static double clamp(double value) {
        return value >= 0 ? Math.min(1, value) : 0;
    }
}
