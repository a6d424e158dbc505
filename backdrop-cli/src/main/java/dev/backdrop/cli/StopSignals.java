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

    /**
     * Runs {@code stop} on the first of the signals. A second one ends the process at once, as a
     * kill would: the jobs under way are run again at the next start. Where the JVM keeps the
     * signals ({@code -Xrs}), {@code stop} runs from a shutdown hook instead.
     */
    static void onStop(Runnable stop) {
        AtomicBoolean started = new AtomicBoolean();
        boolean handled = true;
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (started.compareAndSet(false, true)) {
                        stop.run();
                    } else {
                        System.out.println("Backdrop: stopping at once; the jobs under way run again at the next start");
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    }
                });
            } catch (IllegalArgumentException e) {
                handled = false;
            }
        }
        if (!handled) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (started.compareAndSet(false, true)) {
                    stop.run();
                }
            }, "backdrop-stop"));
        }
    }
}
