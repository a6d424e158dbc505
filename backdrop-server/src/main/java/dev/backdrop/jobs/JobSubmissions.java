package dev.backdrop.jobs;

import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.db.Database;

/**
 * {@code POST /v1/jobs}: the idempotency record, the charge and the queued job are written in one
 * transaction, so a job is never queued unpaid, never paid without being queued, and the same
 * Idempotency-Key and body never queue or charge twice.
 */
public final class JobSubmissions {

    private final Database database;
    private final CreditLedger ledger;
    private final JobStore jobs;
    private final IdempotencyStore idempotency;

    public JobSubmissions(Database database, CreditLedger ledger, JobStore jobs, IdempotencyStore idempotency) {
        this.database = database;
        this.ledger = ledger;
        this.jobs = jobs;
        this.idempotency = idempotency;
    }

    /**
     * Charges {@code job.cost()} to the caller's account and queues the job.
     *
     * @param idempotencyKey the request's Idempotency-Key, or null
     * @throws dev.backdrop.accounts.InsufficientCreditsException nothing was charged or queued
     * @throws IdempotencyConflictException the key was used with another request
     */
    public Submission submit(Caller caller, NewJob job, IdempotencyKey idempotencyKey) {
        return database.inTransaction(c -> {
            if (idempotencyKey != null) {
                IdempotencyOutcome outcome = idempotency.begin(c, caller.accountId(), idempotencyKey);
                if (outcome instanceof IdempotencyOutcome.ReplayJob replay) {
                    Job earlier = jobs.byPublicId(c, replay.jobId()).orElseThrow();
                    return new Submission(earlier, true, CreditLedger.balanceOf(c, caller.accountId()));
                }
                if (outcome instanceof IdempotencyOutcome.ReplayResponse) {
                    // the key was spent on a synchronous request with this very body and path
                    throw new IdempotencyConflictException(idempotencyKey.key());
                }
            }
            String publicId = JobStore.newPublicId();
            long chargeId = 0;
            long creditsLeft;
            if (job.cost() > 0) {
                var charge = ledger.charge(c, caller.accountId(), job.cost(), "job " + publicId);
                chargeId = charge.id();
                creditsLeft = charge.balanceAfter();
            } else {
                creditsLeft = CreditLedger.balanceOf(c, caller.accountId());
            }
            JobStore.Inserted inserted = jobs.insert(c, caller.accountId(), caller.key().id(), job, chargeId, publicId);
            if (idempotencyKey != null) {
                idempotency.attachJob(c, caller.accountId(), idempotencyKey, inserted.rowId());
            }
            return new Submission(inserted.job(), false, creditsLeft);
        });
    }
}
