package dev.backdrop.jobs;

/** Where to report a finished job and the secret of the submitting key to sign the call with. */
public record WebhookTarget(String url, String secret) {

    @Override
    public String toString() {
        return "WebhookTarget[url=" + url + "]";
    }
}
