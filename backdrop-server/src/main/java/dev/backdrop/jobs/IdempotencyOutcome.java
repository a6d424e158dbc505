package dev.backdrop.jobs;

/** What to do with a request that carries an {@code Idempotency-Key}. */
public sealed interface IdempotencyOutcome {

    /** The key is new (or its earlier attempt was abandoned): run the request, then record its response. */
    record Proceed() implements IdempotencyOutcome {
    }

    /** The same request already finished: send this response again, do no work, charge nothing. */
    record ReplayResponse(int status, String contentType, String body) implements IdempotencyOutcome {
    }

    /** The same job submission was already accepted: answer with this job again. */
    record ReplayJob(String jobId) implements IdempotencyOutcome {
    }
}
