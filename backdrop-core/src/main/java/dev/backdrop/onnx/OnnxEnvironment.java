package dev.backdrop.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's ONNX Runtime environment, with the runtime's usage telemetry off. The Linux build
 * of ONNX Runtime that Backdrop ships (1.29) sends usage events (process, sessions, model file
 * names, timings) to Microsoft and keeps a device identifier in {@code ~/.cache/Microsoft}, unless
 * {@value #OPT_OUT} is set before the runtime starts; a self-hosted service sends nothing anywhere,
 * so the launcher, the tests and the deployment files set it. A process started without it has
 * its later events (sessions, models, timings) switched off here, as soon as the runtime starts,
 * and says how to set it. The runtime starts here too so that the folder its loader extracts the
 * native libraries to is removed once they are loaded ({@link NativeLibraryFolder}).
 */
public final class OnnxEnvironment {

    /** The runtime's own opt-out, read once when its native library starts. */
    public static final String OPT_OUT = "ORT_DISABLE_TELEMETRY";

    private static final Logger LOG = LoggerFactory.getLogger(OnnxEnvironment.class);
    private static OrtEnvironment environment;

    private OnnxEnvironment() {
    }

    /** The environment every session of the application is made in. */
    public static synchronized OrtEnvironment get() {
        if (environment == null) {
            OrtEnvironment started = NativeLibraryFolder.removedAfter(OrtEnvironment::getEnvironment);
            if (System.getenv(OPT_OUT) == null) {
                try {
                    started.setTelemetry(false);
                } catch (OrtException e) {
                    LOG.warn("could not switch ONNX Runtime's telemetry off: {}", e.getMessage());
                }
                LOG.warn("{} is not set: ONNX Runtime's usage events are switched off now, but those it made when"
                        + " it started are queued for Microsoft; set {}=1 where java is started (./backdrop does)",
                        OPT_OUT, OPT_OUT);
            }
            environment = started;
        }
        return environment;
    }
}
