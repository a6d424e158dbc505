package dev.backdrop.diffusion;

import ai.onnxruntime.OnnxTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of one graph call. Tensors added with {@link #own} are closed with the feeds;
 * {@link #borrow}ed ones (outputs of another call) belong to their result.
 */
final class Feeds implements AutoCloseable {

    private final Map<String, OnnxTensor> map = new HashMap<>();
    private final List<OnnxTensor> owned = new ArrayList<>();

    void own(String name, OnnxTensor tensor) {
        owned.add(tensor);
        map.put(name, tensor);
    }

    void borrow(String name, OnnxTensor tensor) {
        map.put(name, tensor);
    }

    Map<String, OnnxTensor> map() {
        return map;
    }

    @Override
    public void close() {
        for (OnnxTensor t : owned) {
            t.close();
        }
        owned.clear();
        map.clear();
    }
}
