package dev.backdrop.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * A process that starts ONNX Runtime the application's way and runs one graph:
 * {@code RuntimeProbe MODEL SIZE [wait]}; with {@code wait} it then stays until its input closes.
 */
public final class RuntimeProbe {

    private RuntimeProbe() {
    }

    public static void main(String[] args) throws Exception {
        OrtEnvironment environment = OnnxEnvironment.get();
        int size = Integer.parseInt(args[1]);
        try (OrtSession.SessionOptions options = ExecutionSettings.cpu(1).sessionOptions();
             OrtSession session = environment.createSession(args[0], options);
             OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(new float[3 * size * size]),
                     new long[] {1, 3, size, size})) {
            session.run(Map.of(session.getInputNames().iterator().next(), input)).close();
        }
        System.out.println("ran");
        if (args.length > 2 && args[2].equals("wait")) {
            System.in.readAllBytes();
        }
    }
}
