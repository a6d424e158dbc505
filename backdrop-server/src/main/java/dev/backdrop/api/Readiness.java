package dev.backdrop.api;

import dev.backdrop.service.NotReadyException;
import java.util.concurrent.atomic.AtomicReference;

/** Whether the server can take work: models loaded, or why not yet. */
public final class Readiness {

    private final AtomicReference<String> waitingFor = new AtomicReference<>("models are loading");
    private volatile String generator = "";

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
        return waitingFor.get() == null;
    }

    /** What the server still waits for, or null when ready. */
    public String waitingFor() {
        return waitingFor.get();
    }

    public void require() {
        if (!isReady()) {
            throw new NotReadyException();
        }
    }
}
