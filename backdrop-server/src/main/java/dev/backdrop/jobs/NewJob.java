package dev.backdrop.jobs;

/**
 * A job to submit.
 *
 * @param kind       what to run ({@code bg-replace}, {@code generate-image}, {@code cutout}, …)
 * @param request    the request (JSON) the worker will run
 * @param cost       the credits to charge up front (see {@code Pricing}); refunded if the job fails
 * @param webhookUrl called when the job finishes, or null
 */
public record NewJob(String kind, String request, long cost, String webhookUrl) {
}
