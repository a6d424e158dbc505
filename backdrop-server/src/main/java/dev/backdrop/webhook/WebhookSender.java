package dev.backdrop.webhook;

import dev.backdrop.BackdropException;
import dev.backdrop.fetch.UrlRefusedException;
import dev.backdrop.jobs.Job;
import dev.backdrop.jobs.JobStore;
import dev.backdrop.jobs.JobView;
import dev.backdrop.jobs.WebhookTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a job's {@code webhook_url} that the job finished: the job JSON, signed with the submitting
 * key's webhook secret. Calls run on their own threads, so a slow receiver never holds up a worker;
 * a call that fails (no answer, or a status other than 2xx) is tried again after each of the retry
 * delays, then given up.
 */
public final class WebhookSender implements AutoCloseable {

    /** Waits before the second, third and fourth try. */
    public static final List<Duration> DEFAULT_RETRY_DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(3));

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final JobStore jobs;
    private final JobView view;
    private final WebhookTransport transport;
    private final List<Duration> retryDelays;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor calls;

    public WebhookSender(JobStore jobs, JobView view, WebhookTransport transport, List<Duration> retryDelays, Clock clock) {
        this.jobs = jobs;
        this.view = view;
        this.transport = transport;
        this.retryDelays = List.copyOf(retryDelays);
        this.clock = clock;
        AtomicInteger names = new AtomicInteger();
        this.calls = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "backdrop-webhook-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Retries still waiting at shutdown are dropped; a call under way may finish.
        calls.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Sends the finished job's webhook, if it asked for one; returns at once. */
    public void send(Job finished) {
        if (finished.webhookUrl() == null) {
            return;
        }
        byte[] body = view.bytes(finished);
        calls.execute(() -> attempt(finished.id(), body, 0));
    }

    private void attempt(String jobId, byte[] body, int attempt) {
        Optional<WebhookTarget> target = jobs.webhookTarget(jobId);
        if (target.isEmpty()) {
            return;
        }
        String outcome;
        try {
            String signature = WebhookSignature.header(target.get().secret(), clock.instant().getEpochSecond(), body);
            int status = transport.post(target.get().url(), body, Map.of(WebhookSignature.HEADER, signature));
            if (status >= 200 && status < 300) {
                return;
            }
            outcome = "HTTP status " + status;
        } catch (UrlRefusedException e) {
            LOG.warn("webhook of job {} not sent: {}", jobId, e.getMessage());
            return;
        } catch (BackdropException e) {
            outcome = e.getMessage();
        } catch (RuntimeException e) {
            outcome = e.toString();
        }
        if (attempt < retryDelays.size() && !calls.isShutdown()) {
            Duration wait = retryDelays.get(attempt);
            LOG.info("webhook of job {} failed ({}); trying again in {} s", jobId, outcome, wait.toSeconds());
            calls.schedule(() -> attempt(jobId, body, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            LOG.warn("webhook of job {} failed ({}); given up after {} tries", jobId, outcome, attempt + 1);
        }
    }

    /** Lets calls under way finish (briefly) and drops waiting retries. */
    @Override
    public void close() {
        calls.shutdown();
        try {
            calls.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
