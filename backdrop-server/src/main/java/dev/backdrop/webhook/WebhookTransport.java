package dev.backdrop.webhook;

import java.util.Map;

/** Sends one webhook call and returns the receiver's HTTP status; it must apply the server's address policy. */
@FunctionalInterface
public interface WebhookTransport {

    int post(String url, byte[] jsonBody, Map<String, String> headers);
}
