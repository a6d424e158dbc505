package dev.backdrop.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.jobs.Job;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.JobWork;
import dev.backdrop.request.ReplaceOrder;
import dev.backdrop.segment.Cutout;
import dev.backdrop.service.OverloadedException;
import dev.backdrop.service.ReplaceService;
import dev.backdrop.service.ResultDescription;
import dev.backdrop.service.ResultPublisher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one job's order (a {@link JobWork}, as it was validated when submitted) through the
 * service and publishes its results; returns them as the JSON the job record keeps
 * ({@code results} of {@code GET /v1/jobs/{id}}).
 */
public final class JobExecution {

    private final ReplaceService service;
    private final ResultPublisher publisher;
    private final ObjectMapper json;

    public JobExecution(ReplaceService service, ResultPublisher publisher, ObjectMapper json) {
        this.service = service;
        this.publisher = publisher;
        this.json = json;
    }

    public String run(Job job, PipelineObserver observer) {
        JobWork work = work(job);
        List<Map<String, ?>> out = new ArrayList<>();
        // The images are read once: a try that finds the server busy does not fetch their URLs again.
        if (work instanceof CutoutOrder cutout) {
            byte[] photo = whenNotBusy(() -> service.read(cutout));
            out.add(whenNotBusy(() -> service.cut(cutout, photo, made -> publish(cutout, made))));
        } else {
            ReplaceOrder order = (ReplaceOrder) work;
            ReplaceService.OrderBytes images = whenNotBusy(() -> service.read(order));
            out.addAll(whenNotBusy(() -> service.produce(order, images, observer, results -> publish(order, results))));
        }
        try {
            return json.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job results could not be written as JSON", e);
        }
    }

    /** Stores a cut-out and its mask, while its memory is still reserved. */
    private Map<String, Object> publish(CutoutOrder order, Cutout made) {
        Map<String, String> stored = publisher.publishCutout(made, order.output());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("url", stored.get("image_url"));
        item.put("mask_url", stored.get("mask_url"));
        // what POST /v1/cutout answers with output=json, so an API node can answer it from the job
        item.put("width", made.image().width());
        item.put("height", made.image().height());
        item.put("confidence", made.confidence());
        item.put("box", made.box());
        return item;
    }

    /** Stores the results and describes each, while their memory is still reserved. */
    private List<Map<String, Object>> publish(ReplaceOrder order, List<ReplaceResult> results) {
        List<String> urls = publisher.publish(results, order.output());
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ReplaceResult r = results.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("url", urls.get(i));
            item.putAll(ResultDescription.of(r));
            item.put("layers", r.layers() == null ? null : publisher.publishLayers(r.layers()));
            out.add(item);
        }
        return out;
    }

    /** Synchronous requests may fill the work queue for a while; a job waits its turn instead of failing. */
    private static <T> T whenNotBusy(Supplier<T> work) {
        while (true) {
            try {
                return work.get();
            } catch (OverloadedException busy) {
                try {
                    Thread.sleep(Math.min(5_000, busy.retryAfterSeconds() * 1000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }

    private JobWork work(Job job) {
        try {
            return json.readValue(job.request(), JobWork.class);
        } catch (JsonProcessingException e) {
            throw new UnreadableJobException(job.id(), e);
        }
    }
}
