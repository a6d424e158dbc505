package dev.backdrop.service;

import dev.backdrop.image.ImageFormat;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.GenerateBatchOrder;
import dev.backdrop.request.OutputPolicy;
import dev.backdrop.request.ReplaceOrder;
import dev.backdrop.segment.Cutout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synchronous work run by this process's own pipeline, as a server that runs everything does. */
public final class InProcessWork implements SynchronousWork {

    /** The seed answers JPEG whatever else is asked. */
    static final OutputPolicy JPEG = new OutputPolicy(ImageFormat.JPEG);

    private final ReplaceService service;
    private final PipelineRunner runner;
    private final ResultPublisher publisher;

    public InProcessWork(ReplaceService service, PipelineRunner runner, ResultPublisher publisher) {
        this.service = service;
        this.runner = runner;
        this.publisher = publisher;
    }

    @Override
    public ReplaceAnswer replace(Payer payer, ReplaceOrder order) {
        List<ReplaceResult> results = service.replace(payer, order);
        List<ReplaceAnswer.Sample> samples = results.stream().map(r -> new ReplaceAnswer.Sample(
                publisher.encode(r, JPEG), r.seed(), r.reading() == null ? null : r.reading().summary())).toList();
        return new ReplaceAnswer(samples, Upscaling.worst(results));
    }

    @Override
    public CutoutAnswer cutout(Payer payer, CutoutOrder order) {
        Cutout cutout = service.cutout(payer, order);
        return new CutoutAnswer() {
            @Override
            public byte[] image() {
                return publisher.encodeCutout(cutout, order.output());
            }

            @Override
            public byte[] mask() {
                return publisher.encodeMask(cutout);
            }

            @Override
            public Map<String, Object> published() {
                Map<String, Object> body = new LinkedHashMap<>(publisher.publishCutout(cutout, order.output()));
                body.put("width", cutout.image().width());
                body.put("height", cutout.image().height());
                body.put("confidence", cutout.confidence());
                body.put("box", cutout.box());
                return body;
            }
        };
    }

    @Override
    public BatchOutcome generateBatch(Payer payer, GenerateBatchOrder order) {
        return service.generateBatch(payer, order, publisher);
    }

    @Override
    public List<String> ignoredParameters() {
        return runner.ignoredParameters();
    }
}
