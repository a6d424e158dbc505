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

    /** The longest webhook URL a job keeps (its column's width). */
    public static final int MAX_WEBHOOK_URL = 2048;
}
