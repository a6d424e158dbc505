package dev.backdrop.service;

import dev.backdrop.BackdropException;
import dev.backdrop.image.RgbImage;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.GenerateBatchOrder;
import dev.backdrop.request.OutputPolicy;
import dev.backdrop.request.ReplaceOrder;
import dev.backdrop.segment.Cutout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The use cases behind the synchronous routes and the job worker: each reads its inputs, runs the
 * pipeline and, where someone pays, charges before and refunds on failure, here and nowhere else.
 * The HTTP routes turn requests into orders and results into responses; the worker runs queued
 * orders through {@link #produce} and {@link #cut} (their jobs were paid when submitted).
 */
public final class ReplaceService {

    private final PipelineRunner runner;
    private final ImageInputs inputs;
    private final Charges charges;
    private final PriceList prices;

    public ReplaceService(PipelineRunner runner, ImageInputs inputs, Charges charges, PriceList prices) {
        this.runner = runner;
        this.inputs = inputs;
        this.charges = charges;
        this.prices = prices;
    }

    /** A bg-replace: charged by samples and steps, its results made at once. */
    public List<ReplaceResult> replace(Payer payer, ReplaceOrder order) {
        runner.requireReady();
        return charges.paid(payer, prices.replace(order), "bg-replace " + UUID.randomUUID(),
                () -> produce(order, PipelineObserver.NONE));
    }

    /** A cut-out, charged as one image. */
    public Cutout cutout(Payer payer, CutoutOrder order) {
        runner.requireReady();
        return charges.paid(payer, prices.cutout(), "cutout " + UUID.randomUUID(), () -> cut(order));
    }

    /**
     * A generate-image batch: every image is charged, read and made on its own, concurrently; one
     * that fails is refunded and reported in its item while the others succeed.
     */
    public BatchOutcome generateBatch(Payer payer, GenerateBatchOrder order, ResultPublisher publisher) {
        runner.requireReady();
        String requestId = UUID.randomUUID().toString();
        List<Charges.Charge> paid = new ArrayList<>();
        try {
            for (int i = 0; i < order.urls().size(); i++) {
                paid.add(charges.charge(payer, prices.generateImage(order), "generate-image " + requestId + " #" + i));
            }
        } catch (BackdropException e) {
            paid.forEach(c -> charges.refund(payer, c, "generate-image " + requestId + " not started"));
            throw e;
        }
        List<CompletableFuture<List<String>>> work = new ArrayList<>();
        List<ReplaceResult> made = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < order.urls().size(); i++) {
            int index = i;
            work.add(runner.read(() -> inputs.read(order.image(index)))
                    .thenCompose(photo -> runner.replace(ReplaceRequest.of(photo, order.prompt(), order.negativePrompt(),
                            order.resultNumber(), -1), PipelineObserver.NONE))
                    .thenApply(done -> {
                        made.addAll(done);
                        return publisher.publish(done, OutputPolicy.DEFAULT);
                    }));
        }
        List<BatchOutcome.Item> items = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            try {
                items.add(BatchOutcome.Item.made(PipelineRunner.await(work.get(i))));
            } catch (RuntimeException e) {
                charges.refund(payer, paid.get(i), "generate-image " + requestId + " #" + i + " failed");
                items.add(BatchOutcome.Item.failed(e));
            }
        }
        return new BatchOutcome(items, Upscaling.worst(made));
    }

    /** Reads an order's images and runs it; nothing is charged (a job was paid when it was queued). */
    public List<ReplaceResult> produce(ReplaceOrder order, PipelineObserver observer) {
        CompletableFuture<RgbImage> photo = runner.read(() -> inputs.read(order.image()));
        CompletableFuture<RgbImage> reference = order.refImage() == null ? CompletableFuture.completedFuture(null)
                : runner.read(() -> inputs.read(order.refImage()));
        ReplaceRequest request = order.toPipeline(PipelineRunner.await(photo), PipelineRunner.await(reference));
        return PipelineRunner.await(runner.replace(request, observer));
    }

    /** Reads a cut-out order's photo and cuts it out; nothing is charged. */
    public Cutout cut(CutoutOrder order) {
        RgbImage photo = PipelineRunner.await(runner.read(() -> inputs.read(order.image())));
        Cutout cutout = PipelineRunner.await(runner.cutout(photo));
        return order.crop() ? cutout.cropped() : cutout;
    }
}
