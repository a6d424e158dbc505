package dev.backdrop.service;

import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.GenerateBatchOrder;
import dev.backdrop.request.ReplaceOrder;
import java.util.List;

/**
 * The work behind the synchronous routes (bg-replace, generate-image, cutout), charged and
 * answered the same way wherever it runs: in this process ({@link InProcessWork}, a server that
 * runs everything) or queued for the job workers and waited for ({@link QueuedWork}, an API node).
 * The routes do not know which.
 */
public interface SynchronousWork {

    /** A bg-replace: every sample as the seed answers it (JPEG). */
    ReplaceAnswer replace(Payer payer, ReplaceOrder order);

    /** A cut-out, one image charged, answered in {@code form}. */
    CutoutAnswer cutout(Payer payer, CutoutOrder order, CutoutAnswer.Form form);

    /** A generate-image batch: each image charged and made on its own; one that fails is refunded. */
    BatchOutcome generateBatch(Payer payer, GenerateBatchOrder order);

    /** The bg-replace parameters the background generator does not use, named in the answers. */
    List<String> ignoredParameters();
}
