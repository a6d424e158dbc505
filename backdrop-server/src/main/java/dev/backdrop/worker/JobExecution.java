package dev.backdrop.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.api.ImageInputs;
import dev.backdrop.api.OverloadedException;
import dev.backdrop.api.ReplaceService;
import dev.backdrop.api.ResultPublisher;
import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.compose.AspectPreset;
import dev.backdrop.compose.CompositionOptions;
import dev.backdrop.compose.Framing;
import dev.backdrop.compose.Placement;
import dev.backdrop.compose.ShadowStyle;
import dev.backdrop.pipeline.ReadingFields;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.image.RgbImage;
import dev.backdrop.jobs.Job;
import dev.backdrop.jobs.JobSpec;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.storage.FileNotStoredException;
import dev.backdrop.storage.ResultStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one job's request through the pipeline and publishes its results; returns the results as
 * the JSON the job record keeps ({@code results} of {@code GET /v1/jobs/{id}}).
 */
public final class JobExecution {

    private final ReplaceService service;
    private final ImageInputs inputs;
    private final ResultStore store;
    private final ResultPublisher publisher;
    private final ObjectMapper json;

    public JobExecution(ReplaceService service, ImageInputs inputs, ResultStore store, ResultPublisher publisher,
                        ObjectMapper json) {
        this.service = service;
        this.inputs = inputs;
        this.store = store;
        this.publisher = publisher;
        this.json = json;
    }

    public String run(Job job, PipelineObserver observer) {
        JobSpec spec = spec(job);
        RgbImage photo = read("image", spec.image());
        RgbImage reference = spec.refImage() == null ? null : read("ref_image", spec.refImage());
        ReplaceRequest request = new ReplaceRequest(photo, spec.prompt(), spec.negativePrompt(), reference,
                spec.samples(), spec.seed(),
                new BackgroundParameters(spec.strength(), spec.ipAdapterWeight(), spec.guidanceScale(), spec.steps(),
                        spec.scheduler(), spec.cnWeight()),
                CompositionOptions.DEFAULT.withShadow(shadow(spec)).withPreserveProduct(spec.preserveProduct())
                        .withLayers(spec.layers()),
                framing(spec, photo));
        List<ReplaceResult> results = replace(request, observer);
        ImageFormat format = spec.format() == null ? null : ImageFormat.forName(spec.format()).orElseThrow();
        List<String> urls = publisher.publish(results, format);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ReplaceResult r = results.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("url", urls.get(i));
            item.put("seed", r.seed());
            item.put("prompt_reading", r.reading() == null ? null : r.reading().summary());
            item.put("reading", ReadingFields.of(r));
            item.put("upscaled", r.staging() != null && r.staging().upscaledTooMuch());
            item.put("fidelity", r.fidelity() == null ? null
                    : Map.of("delta_e", r.fidelity().meanDeltaE2000(), "ssim", r.fidelity().ssim()));
            item.put("layers", r.layers() == null ? null : publisher.publishLayers(r.layers()));
            out.add(item);
        }
        try {
            return json.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job results could not be written as JSON", e);
        }
    }

    /** Synchronous requests may fill the work queue for a while; a job waits its turn instead of failing. */
    private List<ReplaceResult> replace(ReplaceRequest request, PipelineObserver observer) {
        while (true) {
            try {
                return ReplaceService.await(service.replace(request, observer));
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

    private RgbImage read(String field, JobSpec.Input input) {
        if (input.storedKey() != null) {
            byte[] bytes = store.get(input.storedKey()).orElseThrow(() -> new FileNotStoredException(input.storedKey()))
                    .bytes();
            return inputs.decode(bytes).pixels().rgb();
        }
        return inputs.read(field, input.url()).pixels().rgb();
    }

    /** The shadow style asked for; jobs queued before styles existed carry only the boolean. */
    private static ShadowStyle shadow(JobSpec spec) {
        ShadowStyle.Kind kind = spec.shadowStyle() == null ? (spec.shadow() ? ShadowStyle.Kind.SOFT : ShadowStyle.Kind.NONE)
                : ShadowStyle.Kind.parse("shadow", spec.shadowStyle());
        return new ShadowStyle(kind, spec.shadowStrength() == null ? ShadowStyle.DEFAULT_STRENGTH : spec.shadowStrength());
    }

    private static Framing framing(JobSpec spec, RgbImage photo) {
        Placement placement = spec.placement().equals("center") ? Placement.centered(spec.fill(), spec.padding())
                : new Placement.KeepPosition();
        if (spec.aspect().equals("original")) {
            return placement instanceof Placement.KeepPosition ? null
                    : new Framing(placement, photo.width(), photo.height());
        }
        return AspectPreset.parse(spec.aspect()).framing(photo.width(), photo.height(), placement);
    }

    private JobSpec spec(Job job) {
        try {
            return json.readValue(job.request(), JobSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + job.id() + " has an unreadable request", e);
        }
    }
}
