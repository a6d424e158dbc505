package dev.backdrop.service;

import dev.backdrop.BackdropException;
import dev.backdrop.accounts.InsufficientCreditsException;
import dev.backdrop.compose.Framing;
import dev.backdrop.image.ImageSize;
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
import java.util.function.Function;

/**
 * The use cases behind the synchronous routes and the job worker. Each reads its inputs' bytes,
 * reserves their pixels in the {@link MemoryBudget} from the headers alone, decodes, runs the
 * pipeline and hands the results to the caller's {@code finish} (encoding, storing) before the
 * pixels are given back; where someone pays, it charges before and refunds on failure, here and
 * nowhere else. The worker reads queued orders' images with {@code read} and runs them through
 * {@link #produce} and {@link #cut} (their jobs were paid when submitted).
 */
public final class ReplaceService {

    private final PipelineRunner runner;
    private final ImageInputs inputs;
    private final Charges charges;
    private final PriceList prices;
    private final MemoryBudget budget;

    public ReplaceService(PipelineRunner runner, ImageInputs inputs, Charges charges, PriceList prices,
                          MemoryBudget budget) {
        this.runner = runner;
        this.inputs = inputs;
        this.charges = charges;
        this.prices = prices;
        this.budget = budget;
    }

    /** A bg-replace, charged by samples and steps; {@code finish} encodes the results while their memory is held. */
    public <T> T replace(Payer payer, ReplaceOrder order, Function<List<ReplaceResult>, T> finish) {
        runner.requireReady();
        return charges.paid(payer, prices.replace(order), "bg-replace " + UUID.randomUUID(),
                () -> produce(order, read(order), PipelineObserver.NONE, finish));
    }

    /** A cut-out, charged as one image. */
    public <T> T cutout(Payer payer, CutoutOrder order, Function<Cutout, T> finish) {
        runner.requireReady();
        return charges.paid(payer, prices.cutout(), "cutout " + UUID.randomUUID(), () -> cut(order, read(order), finish));
    }

    /**
     * A generate-image batch: every image is charged, read and made on its own, concurrently; one
     * that fails is refunded and reported in its item while the others succeed.
     */
    public BatchOutcome generateBatch(Payer payer, GenerateBatchOrder order, ResultPublisher publisher) {
        runner.requireReady();
        String requestId = UUID.randomUUID().toString();
        List<Charges.Charge> paid = new ArrayList<>();
        long each = prices.generateImage(order);
        try {
            for (int i = 0; i < order.urls().size(); i++) {
                paid.add(charges.charge(payer, each, "generate-image " + requestId + " #" + i));
            }
        } catch (BackdropException e) {
            paid.forEach(c -> charges.refund(payer, c, "generate-image " + requestId + " not started"));
            if (e instanceof InsufficientCreditsException refused) {
                // Refused at one image's charge: say what the whole request costs, against the balance
                // it had before the images charged ahead of it (now refunded).
                throw new InsufficientCreditsException(refused.balance() + paid.size() * each,
                        each * order.urls().size());
            }
            throw e;
        }
        List<CompletableFuture<List<String>>> work = new ArrayList<>();
        List<ReplaceResult> made = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < order.urls().size(); i++) {
            int index = i;
            work.add(runner.read(() -> inputs.bytes("image_urls", order.image(index))).thenCompose(bytes -> {
                // the photo and its result canvas, which is the photo's size
                MemoryBudget.Lease lease = budget.reserve(2 * inputs.size(bytes).pixels());
                return runner.read(() -> inputs.decode(bytes))
                        .thenCompose(photo -> runner.replace(ReplaceRequest.of(photo, order.prompt(),
                                order.negativePrompt(), order.resultNumber(), -1), PipelineObserver.NONE))
                        .thenApply(done -> {
                            made.addAll(done);
                            return publisher.publish(done, OutputPolicy.DEFAULT);
                        })
                        .whenComplete((urls, failure) -> lease.close());
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

    /**
     * The bytes of an order's photo and reference image (null without one), read once: a job that
     * then finds the server busy keeps them for its next try instead of fetching its URLs again.
     */
    public record OrderBytes(byte[] photo, byte[] reference) {
    }

    /** Reads (fetches, for URLs) a replace order's images. */
    public OrderBytes read(ReplaceOrder order) {
        CompletableFuture<byte[]> photo = runner.read(() -> inputs.bytes("image", order.image()));
        CompletableFuture<byte[]> reference = order.refImage() == null ? CompletableFuture.completedFuture(null)
                : runner.read(() -> inputs.bytes("ref_image", order.refImage()));
        return new OrderBytes(PipelineRunner.await(photo), PipelineRunner.await(reference));
    }

    /** Reads (fetches, for a URL) a cut-out order's photo. */
    public byte[] read(CutoutOrder order) {
        return PipelineRunner.await(runner.read(() -> inputs.bytes("image", order.image())));
    }

    /** Runs an order on its images' bytes; nothing is charged (a job was paid when it was queued). */
    public <T> T produce(ReplaceOrder order, OrderBytes bytes, PipelineObserver observer,
                         Function<List<ReplaceResult>, T> finish) {
        byte[] photo = bytes.photo();
        byte[] reference = bytes.reference();
        ImageSize size = inputs.size(photo);
        long pixels = size.pixels() + outputPixels(order, size) + (reference == null ? 0 : inputs.size(reference).pixels());
        try (MemoryBudget.Lease lease = budget.reserve(pixels)) {
            CompletableFuture<RgbImage> decoded = runner.read(() -> inputs.decode(photo));
            CompletableFuture<RgbImage> look = reference == null ? CompletableFuture.completedFuture(null)
                    : runner.read(() -> inputs.decode(reference));
            ReplaceRequest request = order.toPipeline(PipelineRunner.await(decoded), PipelineRunner.await(look));
            return finish.apply(PipelineRunner.await(runner.replace(request, observer)));
        }
    }

    /** Cuts out a cut-out order's photo from its bytes; nothing is charged. */
    public <T> T cut(CutoutOrder order, byte[] photo, Function<Cutout, T> finish) {
        // The cut-out is as large as the photo: its pixels count twice.
        try (MemoryBudget.Lease lease = budget.reserve(2 * inputs.size(photo).pixels())) {
            RgbImage decoded = PipelineRunner.await(runner.read(() -> inputs.decode(photo)));
            Cutout cutout = PipelineRunner.await(runner.cutout(decoded));
            return finish.apply(order.crop() ? cutout.cropped() : cutout);
        }
    }

    /**
     * What a framed canvas counts against the budget, per pixel. Laying the photo, its mask and its
     * edge colours onto a canvas of its own size works in float planes of the canvas: with a 3.8 MP
     * photo, a 9 MP canvas needed 600-700 MiB of heap and a 16 MP one 1100-1300 MiB, about 80 bytes
     * a canvas pixel, where a photo on its own canvas needs about 35 bytes a reserved pixel
     * (BENCHMARKS.md, "Memory budget").
     */
    static final double FRAMED_CANVAS_WEIGHT = 2.5;

    /** The canvas one sample is composed on, as the budget counts it: the photo's own size, or a framed canvas. */
    private static long outputPixels(ReplaceOrder order, ImageSize photo) {
        Framing framing = order.presentation().framing(photo.width(), photo.height());
        return framing == null ? photo.pixels()
                : (long) Math.ceil(FRAMED_CANVAS_WEIGHT * framing.width() * framing.height());
    }
}
