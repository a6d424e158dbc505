package dev.backdrop.api;

import dev.backdrop.service.NotReadyException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Whether the server can take work: models loaded, or why not yet. An API node loads no models;
 * its readiness is asked afresh each time ({@link #probing}).
 */
public final class Readiness {

    private final AtomicReference<String> waitingFor = new AtomicReference<>("models are loading");
    private volatile String generator = "";
    private final Supplier<String> probe;

    public Readiness() {
        this.probe = waitingFor::get;
    }

    private Readiness(String generator, Supplier<String> probe) {
        this.generator = generator;
        this.probe = probe;
    }

    /** @param probe what the node waits for now, or null when it is ready; asked at every check */
    public static Readiness probing(String generator, Supplier<String> probe) {
        return new Readiness(generator, probe);
    }

    /** Ready, with the background generator and its live parts in words. */
    public void ready(String generator) {
        this.generator = generator;
        waitingFor.set(null);
    }

    public String generator() {
        return generator;
    }

    public void waiting(String reason) {
        waitingFor.set(reason);
    }

    public boolean isReady() {
        return waitingFor() == null;
    }

    /** What the server still waits for, or null when ready. */
    public String waitingFor() {
        return probe.get();
    }

    public void require() {
        if (!isReady()) {
            throw new NotReadyException();
        }
    }
}
