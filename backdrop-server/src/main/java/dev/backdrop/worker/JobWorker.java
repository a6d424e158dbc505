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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * <p>A running job is held by a lease: its worker renews it every third of the lease, and a job
 * whose lease ran out (its worker died or lost the database) is queued again by any worker, at
 * most {@value #MAX_ATTEMPTS} times before it is failed and refunded. A worker that lost a job
 * cannot finish it afterwards, so every job ends exactly once. A worker that is the only one on
 * its database (the embedded one) queues every job left running again at start, at once.
 * Closing stops the claims and waits for the jobs under way to finish.
 */
public final class JobWorker implements AutoCloseable {

    /** A running job whose lease was not renewed for this long belongs to a dead worker. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** A job that was claimed this many times without finishing is failed instead of run again. */
    static final int MAX_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

    private final JobStore jobs;
    private final JobExecution execution;
    private final WebhookSender webhooks;
    private final BooleanSupplier ready;
    private final int threads;
    private final Duration poll;
    private final Duration lease;
    private final boolean soleWorker;
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backdrop-job-leases");
        t.setDaemon(true);
        return t;
    });
    private final String name = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final Object signal = new Object();
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopping;

    /**
     * @param ready  whether the pipeline can run; jobs stay queued until it can
     * @param poll   how long an idle worker waits before looking again (a new submission wakes it sooner)
     * @param lease  how long a running job stays this worker's without a renewal
     * @param soleWorker no other process can use the database (the embedded one): jobs left running
     *               at start are orphans, queued again at once rather than when their lease runs out
     */
    public JobWorker(JobStore jobs, JobExecution execution, WebhookSender webhooks, BooleanSupplier ready,
                     int threads, Duration poll, Duration lease, boolean soleWorker) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one worker thread is needed, not " + threads);
        }
        this.jobs = jobs;
        this.execution = execution;
        this.webhooks = webhooks;
        this.ready = ready;
        this.threads = threads;
        this.poll = poll;
        if (lease.toMillis() < 3) {
            throw new IllegalArgumentException("a job lease must be a few milliseconds at least, not " + lease);
        }
        this.lease = lease;
        this.soleWorker = soleWorker;
    }

    public synchronized void start() {
        if (soleWorker) {
            report(jobs.requeueStale(Instant.now().plusSeconds(1)));
        } else {
            // Its name is what the jobs table records as a running job's worker, for operators.
            LOG.info("job worker {}: {} thread(s), lease {} s", name, threads, lease.toMillis() / 1000.0);
            requeueExpired();
        }
        long every = Math.max(1, lease.toMillis() / 3);
        leases.scheduleWithFixedDelay(this::renewAndRecover, every, every, TimeUnit.MILLISECONDS);
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

    /** Renews this worker's leases, then queues again the jobs whose lease ran out. */
    private void renewAndRecover() {
        try {
            jobs.heartbeat(name);
            requeueExpired();
        } catch (RuntimeException e) {
            // The database may be briefly away; the next beat tries again within the lease.
            LOG.warn("job leases: {}", e.getMessage());
        }
    }

    private void requeueExpired() {
        report(jobs.requeueStale(Instant.now().minus(lease)));
    }

    private static void report(int requeued) {
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
        Optional<Job> finished;
        if (job.attempts() > MAX_ATTEMPTS) {
            finished = jobs.failHeld(job.id(), name, "job_abandoned", "the job stopped the server " + MAX_ATTEMPTS
                    + " times without finishing; it was given up and refunded");
        } else {
            finished = run(job);
        }
        if (finished.isPresent()) {
            webhooks.send(finished.get());
        } else {
            LOG.warn("job {} outlived this worker's lease and was queued again; its result here is dropped", job.id());
        }
        return true;
    }

    private Optional<Job> run(Job job) {
        PipelineObserver observer = new JobProgress(done -> jobs.progress(job.id(), done));
        try {
            return jobs.completeHeld(job.id(), name, execution.run(job, observer));
        } catch (BackdropException e) {
            return jobs.failHeld(job.id(), name, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("job {} failed", job.id(), e);
            return jobs.failHeld(job.id(), name, "internal_error",
                    "the job failed inside the server; quote the job id " + job.id() + " when reporting it");
        }
    }

    /** Stops claiming jobs and waits for those under way to finish. */
    @Override
    public void close() {
        stopping = true;
        wake();
        // Leases are renewed until the jobs under way have finished.
        for (Thread t : running) {
            try {
                t.join(Duration.ofMinutes(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        leases.shutdownNow();
    }
}
