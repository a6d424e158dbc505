package dev.backdrop.worker;

import dev.backdrop.BackdropException;
import dev.backdrop.jobs.Job;
import dev.backdrop.jobs.JobStore;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.webhook.WebhookSender;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that take queued jobs from the {@link JobStore} and run them: progress goes to the job
 * record as the pipeline reports it (per denoising step with the diffusion generator, at most
 * once per whole percent, see {@link JobProgress}), results are published and recorded, a failure
 * is recorded with its error code and refunded, and the webhook is sent either way. Several
 * processes may run workers on one database; each claim takes a job no other worker holds.
 *
 * <p>On start, jobs left running by a worker that died are queued again. Closing stops the claims
 * and waits for the jobs under way to finish.
 */
public final class JobWorker implements AutoCloseable {

    /** A running job not updated for this long belongs to a dead worker. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(15);
    /** A job that was claimed this many times without finishing is failed instead of run again. */
    static final int MAX_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);
    private static final Duration REQUEUE_EVERY = Duration.ofMinutes(1);

    private final JobStore jobs;
    private final JobExecution execution;
    private final WebhookSender webhooks;
    private final BooleanSupplier ready;
    private final int threads;
    private final Duration poll;
    private final Duration staleAfter;
    private final String name = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final Object signal = new Object();
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopping;
    private volatile Instant lastRequeue = Instant.EPOCH;

    /**
     * @param ready  whether the pipeline can run; jobs stay queued until it can
     * @param poll   how long an idle worker waits before looking again (a new submission wakes it sooner)
     */
    public JobWorker(JobStore jobs, JobExecution execution, WebhookSender webhooks, BooleanSupplier ready,
                     int threads, Duration poll, Duration staleAfter) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one worker thread is needed, not " + threads);
        }
        this.jobs = jobs;
        this.execution = execution;
        this.webhooks = webhooks;
        this.ready = ready;
        this.threads = threads;
        this.poll = poll;
        this.staleAfter = staleAfter;
    }

    public synchronized void start() {
        requeueStale();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, "backdrop-job-" + (i + 1));
            t.setDaemon(false);
            running.add(t);
            t.start();
        }
    }

    /** A job was queued: an idle worker looks now rather than at its next poll. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop() {
        while (!stopping) {
            try {
                if (Instant.now().isAfter(lastRequeue.plus(REQUEUE_EVERY))) {
                    requeueStale();
                }
                if (!ready.getAsBoolean() || !runNext()) {
                    synchronized (signal) {
                        if (!stopping) {
                            signal.wait(poll.toMillis());
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database may be briefly away; keep the thread, try again after a pause.
                LOG.error("job worker: {}", e.getMessage(), e);
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void requeueStale() {
        lastRequeue = Instant.now();
        int requeued = jobs.requeueStale(Instant.now().minus(staleAfter));
        if (requeued > 0) {
            LOG.warn("queued {} job(s) again that a stopped worker left running", requeued);
        }
    }

    /** Runs one queued job; false when none was waiting. */
    boolean runNext() {
        Job job = jobs.claimNext(name).orElse(null);
        if (job == null) {
            return false;
        }
        Job finished;
        if (job.attempts() > MAX_ATTEMPTS) {
            finished = jobs.fail(job.id(), "job_abandoned", "the job stopped the server " + MAX_ATTEMPTS
                    + " times without finishing; it was given up and refunded");
        } else {
            finished = run(job);
        }
        webhooks.send(finished);
        return true;
    }

    private Job run(Job job) {
        PipelineObserver observer = new JobProgress(done -> jobs.progress(job.id(), done));
        try {
            return jobs.complete(job.id(), execution.run(job, observer));
        } catch (BackdropException e) {
            return jobs.fail(job.id(), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("job {} failed", job.id(), e);
            return jobs.fail(job.id(), "internal_error",
                    "the job failed inside the server; quote the job id " + job.id() + " when reporting it");
        }
    }

    /** Stops claiming jobs and waits for those under way to finish. */
    @Override
    public void close() {
        stopping = true;
        wake();
        for (Thread t : running) {
            try {
                t.join(Duration.ofMinutes(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
