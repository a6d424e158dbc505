package dev.backdrop.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.BackdropException;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.InsufficientCreditsException;
import dev.backdrop.jobs.Job;
import dev.backdrop.jobs.JobStateException;
import dev.backdrop.jobs.JobStatus;
import dev.backdrop.jobs.JobStore;
import dev.backdrop.jobs.Submission;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.GenerateBatchOrder;
import dev.backdrop.request.ImageSource;
import dev.backdrop.request.JobWork;
import dev.backdrop.request.OutputPolicy;
import dev.backdrop.request.Presentation;
import dev.backdrop.request.Ranges;
import dev.backdrop.request.ReplaceOrder;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.storage.FileNotStoredException;
import dev.backdrop.storage.PublicUrls;
import dev.backdrop.storage.ResultStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Synchronous work on an API node, which runs no pipeline: the order is queued as a job (charged
 * in the submission's transaction, refunded by the worker if it fails, as every job is) and
 * waited for; the answer is read back from the job's stored results, so any API node can serve
 * any request. New work is refused with 429 while the queue holds {@code queueLimit} jobs or more.
 * A job not finished within {@code timeout} is failed and refunded (a worker's late result is then
 * dropped) and the caller gets {@link QueuedWorkTimeoutException}.
 */
public final class QueuedWork implements SynchronousWork {

    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration LONGEST_POLL = Duration.ofMillis(500);
    private static final TypeReference<List<Map<String, Object>>> RESULTS = new TypeReference<>() { };

    private final JobService jobs;
    private final JobStore store;
    private final ResultStore files;
    private final PublicUrls urls;
    private final ObjectMapper json;
    private final PriceList prices;
    private final Supplier<Caller> unauthenticatedOwner;
    private final int queueLimit;
    private final List<String> ignored;
    private final Duration timeout;

    /**
     * @param unauthenticatedOwner owns the jobs when authentication is off (nobody is charged then)
     * @param ignored              the bg-replace parameters the workers' background generator does not use
     */
    public QueuedWork(JobService jobs, JobStore store, ResultStore files, PublicUrls urls, ObjectMapper json,
                      PriceList prices, Supplier<Caller> unauthenticatedOwner, int queueLimit, List<String> ignored,
                      Duration timeout) {
        this.jobs = jobs;
        this.store = store;
        this.files = files;
        this.urls = urls;
        this.json = json;
        this.prices = prices;
        this.unauthenticatedOwner = unauthenticatedOwner;
        this.queueLimit = queueLimit;
        this.ignored = List.copyOf(ignored);
        this.timeout = timeout;
    }

    @Override
    public ReplaceAnswer replace(Payer payer, ReplaceOrder order) {
        admit();
        Job done = run(payer, prices.replace(order), inJpeg(order));
        List<ReplaceAnswer.Sample> samples = new ArrayList<>();
        double upscaled = 0;
        for (Map<String, Object> r : results(done)) {
            samples.add(new ReplaceAnswer.Sample(bytes((String) r.get("url")), ((Number) r.get("seed")).longValue(),
                    (String) r.get("prompt_reading")));
            if (Boolean.TRUE.equals(r.get("upscaled"))) {
                upscaled = Math.max(upscaled, scale(r));
            }
        }
        return new ReplaceAnswer(samples, upscaled);
    }

    @Override
    public CutoutAnswer cutout(Payer payer, CutoutOrder order, CutoutAnswer.Form form) {
        admit();
        Map<String, Object> r = results(run(payer, prices.cutout(), order)).get(0);
        return switch (form) {
            case IMAGE -> CutoutAnswer.image(bytes((String) r.get("url")));
            case MASK -> CutoutAnswer.mask(bytes((String) r.get("mask_url")));
            case JSON -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("image_url", here((String) r.get("url")));
                body.put("mask_url", here((String) r.get("mask_url")));
                body.put("width", r.get("width"));
                body.put("height", r.get("height"));
                body.put("confidence", r.get("confidence"));
                body.put("box", r.get("box"));
                yield CutoutAnswer.published(body);
            }
        };
    }

    /** One job per image, all queued first and then waited for, so the workers share the batch. */
    @Override
    public BatchOutcome generateBatch(Payer payer, GenerateBatchOrder order) {
        admit();
        List<Object> queued = new ArrayList<>();
        for (int i = 0; i < order.urls().size(); i++) {
            try {
                queued.add(submit(payer, prices.generateImage(order), imageOrder(order, order.image(i))));
            } catch (InsufficientCreditsException e) {
                // as in one process: the batch is paid in full or not started
                queued.stream().filter(Submission.class::isInstance)
                        .forEach(q -> cancel(((Submission) q).job().id(), "the batch could not be paid in full"));
                throw e;
            } catch (BackdropException e) {
                queued.add(e); // this image's URL or data was refused; the others go on
            }
        }
        List<BatchOutcome.Item> items = new ArrayList<>();
        double upscaled = 0;
        for (Object q : queued) {
            if (q instanceof BackdropException e) {
                items.add(BatchOutcome.Item.failed(e));
                continue;
            }
            try {
                List<String> made = new ArrayList<>();
                for (Map<String, Object> r : results(await(((Submission) q).job().id()))) {
                    made.add(here((String) r.get("url")));
                    if (Boolean.TRUE.equals(r.get("upscaled"))) {
                        upscaled = Math.max(upscaled, scale(r));
                    }
                }
                items.add(BatchOutcome.Item.made(made));
            } catch (RuntimeException e) {
                items.add(BatchOutcome.Item.failed(e));
            }
        }
        return new BatchOutcome(items, upscaled);
    }

    @Override
    public List<String> ignoredParameters() {
        return ignored;
    }

    /** 429 while the queue is full: a synchronous caller holds a connection open while it waits. */
    private void admit() {
        long queued = store.count(JobStatus.QUEUED);
        if (queued >= queueLimit) {
            throw new OverloadedException((int) Math.min(120, Math.max(1, queued / Math.max(1, queueLimit))));
        }
    }

    /** Fails a queued job that will not be waited for, refunding it; one that already ended stays as it is. */
    private void cancel(String jobId, String why) {
        try {
            store.fail(jobId, "cancelled", why);
        } catch (JobStateException ended) {
            // it ran already
        }
    }

    private Job run(Payer payer, long cost, JobWork work) {
        return await(submit(payer, cost, work).job().id());
    }

    private Submission submit(Payer payer, long cost, JobWork work) {
        Caller owner = payer.pays() ? payer.caller() : unauthenticatedOwner.get();
        Submission s = jobs.submitPriced(owner, payer.pays() ? cost : 0, work);
        if (payer.pays()) {
            payer.balance().accept(s.creditsLeft());
        }
        return s;
    }

    /** Polls the job until it ends; a failed job's error is the answer, with the status its code maps to. */
    private Job await(String jobId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_POLL.toMillis();
        while (true) {
            Job job = store.get(jobId).orElseThrow(() -> new IllegalStateException("job " + jobId + " vanished"));
            if (job.status() == JobStatus.SUCCEEDED) {
                return job;
            }
            if (job.status() == JobStatus.FAILED) {
                throw new QueuedWorkFailedException(job.errorCode(), job.errorMessage());
            }
            if (System.nanoTime() > deadline) {
                return giveUp(jobId);
            }
            sleep(pause);
            pause = Math.min(LONGEST_POLL.toMillis(), pause * 2);
        }
    }

    /** Fails the job (refunding it) unless it ended meanwhile, in which case its outcome stands. */
    private Job giveUp(String jobId) {
        try {
            store.fail(jobId, QueuedWorkTimeoutException.CODE, "the request waited " + timeout.toSeconds()
                    + " s for a worker and was given up; it was refunded");
        } catch (JobStateException endedMeanwhile) {
            Job job = store.get(jobId).orElseThrow();
            if (job.status() == JobStatus.SUCCEEDED) {
                return job;
            }
            throw new QueuedWorkFailedException(job.errorCode(), job.errorMessage());
        }
        throw new QueuedWorkTimeoutException(timeout);
    }

    private List<Map<String, Object>> results(Job job) {
        try {
            return json.readValue(job.result(), RESULTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + job.id() + " has unreadable results", e);
        }
    }

    /** The stored object behind a result URL (the worker's base may differ from this node's). */
    private byte[] bytes(String url) {
        String key = key(url);
        return files.get(key).orElseThrow(() -> new FileNotStoredException(key)).bytes();
    }

    /** A result URL under this node's public base. */
    private String here(String url) {
        return urls.fileUrl(key(url));
    }

    private static String key(String url) {
        int at = url.indexOf(PublicUrls.FILES_PATH);
        if (at < 0) {
            throw new IllegalStateException("a job result URL without " + PublicUrls.FILES_PATH + ": " + url);
        }
        return url.substring(at + PublicUrls.FILES_PATH.length());
    }

    @SuppressWarnings("unchecked")
    private static double scale(Map<String, Object> result) {
        Object reading = result.get("reading");
        if (reading instanceof Map<?, ?> r && r.get("framing") instanceof Map<?, ?> framing
                && framing.get("scale") instanceof Number scale) {
            return scale.doubleValue();
        }
        return 0;
    }

    /** The seed answers JPEG whatever the order's own default, so the stored result is one. */
    private static ReplaceOrder inJpeg(ReplaceOrder o) {
        return new ReplaceOrder(o.image(), o.refImage(), o.prompt(), o.negativePrompt(), o.samples(), o.seed(),
                o.scheduler(), o.steps(), o.guidanceScale(), o.strength(), o.cnWeight(), o.ipAdapterWeight(),
                o.presentation(), InProcessWork.JPEG);
    }

    /** One image of a batch as a replace order with the seed's defaults, results as the batch stores them. */
    private static ReplaceOrder imageOrder(GenerateBatchOrder batch, ImageSource image) {
        Ranges seed = Ranges.SEED;
        return new ReplaceOrder(image, null, batch.prompt(), batch.negativePrompt(), batch.resultNumber(), -1,
                SchedulerName.DEFAULT.apiName(), seed.steps().smallInteger("num_inference_steps", null),
                seed.guidance().number("guidance_scale", null), Ranges.STRENGTH.number("strength", null),
                Ranges.CONTROLNET_WEIGHT.number("cn_weight", null),
                Ranges.REFERENCE_WEIGHT.number("ip_adapter_weight", null), Presentation.DEFAULT,
                OutputPolicy.DEFAULT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a queued job", e);
        }
    }
}
