package dev.backdrop.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.accounts.Caller;
import dev.backdrop.fetch.UrlException;
import dev.backdrop.fetch.UrlFetcher;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.image.UnsupportedImageException;
import dev.backdrop.jobs.IdempotencyKey;
import dev.backdrop.jobs.JobSubmissions;
import dev.backdrop.jobs.NewJob;
import dev.backdrop.jobs.Submission;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.ImageSource;
import dev.backdrop.request.JobWork;
import dev.backdrop.request.ReplaceOrder;
import dev.backdrop.storage.ResultKeys;
import dev.backdrop.storage.ResultStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Queues work for the job workers: the order's URLs are vetted now (a refused host fails the
 * submission, not the job), inline images are stored so the queued row stays small and a worker in
 * another process can read them, and the charge, the idempotency record and the job are written
 * in one transaction ({@link JobSubmissions}). Inputs stored for a submission that queued nothing
 * are deleted at once.
 */
public final class JobService {

    private final JobSubmissions submissions;
    private final PriceList prices;
    private final UrlFetcher fetcher;
    private final ResultStore store;
    private final ResultKeys keys;
    private final ObjectMapper json;
    private final Runnable submitted;

    /** @param submitted told of each new job, so an idle worker can look at once */
    public JobService(JobSubmissions submissions, PriceList prices, UrlFetcher fetcher, ResultStore store,
                      ResultKeys keys, ObjectMapper json, Runnable submitted) {
        this.submissions = submissions;
        this.prices = prices;
        this.fetcher = fetcher;
        this.store = store;
        this.keys = keys;
        this.json = json;
        this.submitted = submitted;
    }

    /**
     * @param owner      whose job it is
     * @param charged    whether the owner pays (not when authentication is off)
     * @param webhookUrl called when the job ends, or null
     * @param idempotencyKey the request's Idempotency-Key, or null
     */
    public Submission submit(Caller owner, boolean charged, JobWork work, String webhookUrl,
                             IdempotencyKey idempotencyKey) {
        if (webhookUrl != null) {
            try {
                fetcher.check(webhookUrl);
            } catch (UrlException e) {
                throw e.inField("webhook_url");
            }
        }
        return queue(owner, work, queued -> charged ? prices.job(queued) : 0, webhookUrl, idempotencyKey);
    }

    /**
     * Queues the work of a synchronous request at the route's own price ({@code cost}, 0 when nobody
     * pays), for a caller who waits for it ({@link QueuedWork}); no webhook, no idempotency record
     * (the route keeps its own).
     */
    public Submission submitPriced(Caller owner, long cost, JobWork work) {
        return queue(owner, work, queued -> cost, null, null);
    }

    private Submission queue(Caller owner, JobWork work, java.util.function.ToLongFunction<JobWork> price,
                             String webhookUrl, IdempotencyKey idempotencyKey) {
        List<String> stored = new ArrayList<>();
        ResultKeys.Batch batch = keys.newInputs();
        JobWork queued;
        Submission s;
        try {
            queued = storeInputs(work, batch, stored);
            long cost = price.applyAsLong(queued);
            s = submissions.submit(owner, new NewJob(queued.kind(), write(queued), cost, webhookUrl), idempotencyKey);
        } catch (RuntimeException e) {
            stored.forEach(store::delete);
            throw e;
        }
        if (s.replayed()) {
            // the first submission stored its own copy
            stored.forEach(store::delete);
        } else {
            submitted.run();
        }
        return s;
    }

    private JobWork storeInputs(JobWork work, ResultKeys.Batch batch, List<String> stored) {
        if (work instanceof CutoutOrder cutout) {
            return cutout.withImage(source -> keep(source, batch, 0, stored));
        }
        ReplaceOrder replace = (ReplaceOrder) work;
        return replace.withImages(source -> keep(source, batch, source == replace.image() ? 0 : 1, stored));
    }

    private ImageSource keep(ImageSource source, ResultKeys.Batch batch, int index, List<String> stored) {
        if (source instanceof ImageSource.Url url) {
            fetcher.check(url.url());
            return source;
        }
        byte[] bytes = ((ImageSource.Inline) source).bytes();
        ImageFormat format = ImageFormat.detect(bytes).orElseThrow(() -> new UnsupportedImageException(
                (index == 0 ? "image" : "ref_image") + " is not an image in a format Backdrop reads (PNG, JPEG, WebP,"
                        + " BMP, TIFF)"));
        String key = batch.key(index, format.extension());
        store.put(key, bytes, format.mimeType());
        stored.add(key);
        return new ImageSource.Stored(key);
    }

    private String write(JobWork work) {
        try {
            return json.writeValueAsString(work);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job's request could not be written as JSON", e);
        }
    }
}
