package dev.backdrop.jobs;

import java.time.Instant;

/**
 * A unit of asynchronous work and its outcome.
 *
 * @param id          the public id ({@code job_…}), random so it cannot be guessed
 * @param request     the request as the API received it (JSON), for the worker to run
 * @param chargeId    the ledger charge paid for it (refunded when it fails), or 0 when free
 * @param progress    0 to 1
 * @param result      the results (JSON) once it succeeded, else null
 * @param errorCode   the stable error code once it failed, else null
 * @param updatedAt   the last change of status or progress
 */
public record Job(String id, long accountId, long apiKeyId, String kind, JobStatus status, String request,
                  String webhookUrl, long chargeId, double progress, String result, String errorCode,
                  String errorMessage, int attempts, Instant createdAt, Instant startedAt, Instant finishedAt,
                  Instant updatedAt) {
}
