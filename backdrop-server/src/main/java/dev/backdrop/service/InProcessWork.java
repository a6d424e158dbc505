package dev.backdrop.service;

import dev.backdrop.image.ImageFormat;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.GenerateBatchOrder;
import dev.backdrop.request.OutputPolicy;
import dev.backdrop.request.ReplaceOrder;
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
        // Encoded while the results' memory is still reserved.
        return service.replace(payer, order, results -> new ReplaceAnswer(results.stream()
                .map(r -> new ReplaceAnswer.Sample(publisher.encode(r, JPEG), r.seed(),
                        r.reading() == null ? null : r.reading().summary())).toList(), Upscaling.worst(results)));
    }

    @Override
    public CutoutAnswer cutout(Payer payer, CutoutOrder order, CutoutAnswer.Form form) {
        // Only the form asked for is made, while the cut-out's memory is still reserved.
        return service.cutout(payer, order, cutout -> switch (form) {
            case IMAGE -> CutoutAnswer.image(publisher.encodeCutout(cutout, order.output()));
            case MASK -> CutoutAnswer.mask(publisher.encodeMask(cutout));
            case JSON -> {
                Map<String, Object> body = new LinkedHashMap<>(publisher.publishCutout(cutout, order.output()));
                body.put("width", cutout.image().width());
                body.put("height", cutout.image().height());
                body.put("confidence", cutout.confidence());
                body.put("box", cutout.box());
                yield CutoutAnswer.published(body);
            }
        });
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
