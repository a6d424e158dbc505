package dev.backdrop.jobs;

/**
 * An accepted job submission.
 *
 * @param replayed    true when this repeats an earlier submission with the same Idempotency-Key:
 *                    nothing new was queued or charged
 * @param creditsLeft the account's balance after the submission (for {@code x-remaining-credits})
 */
public record Submission(Job job, boolean replayed, long creditsLeft) {
}
