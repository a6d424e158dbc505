package dev.backdrop.cli;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Runs an orderly stop when the process is asked to end (SIGTERM, SIGINT, SIGHUP), before the
 * JVM's own shutdown begins. The JVM runs every shutdown hook at once: ONNX Runtime's releases its
 * native environment and H2's closes the database while a hook of ours would still be finishing a
 * cut-out, which crashed the process in the middle of the pass. Handling the signals here, the
 * stop runs first and the libraries' hooks at the exit that follows it.
 */
final class StopSignals {

    private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

    private StopSignals() {
    }

    /** Runs {@code stop} once, on the first of the signals; a shutdown hook where the JVM keeps them ({@code -Xrs}). */
    static void onStop(Runnable stop) {
        AtomicBoolean started = new AtomicBoolean();
        Runnable once = () -> {
            if (started.compareAndSet(false, true)) {
                stop.run();
            }
        };
        boolean handled = true;
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> once.run());
            } catch (IllegalArgumentException e) {
                handled = false;
            }
        }
        if (!handled) {
            Runtime.getRuntime().addShutdownHook(new Thread(once, "backdrop-stop"));
        }
    }
}
