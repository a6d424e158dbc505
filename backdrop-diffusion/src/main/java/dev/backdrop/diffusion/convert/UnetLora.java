package dev.backdrop.diffusion.convert;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import dev.backdrop.diffusion.checkpoint.StoredTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A LoRA for a UNet's layers in the layout {@code latent-consistency/lcm-lora-sdv1-5} publishes
 * (kohya's): per layer, {@code lora_unet_<layer path, "." replaced by "_">.lora_down.weight},
 * {@code .lora_up.weight} and optionally a scalar {@code .alpha}. The converter asks it for the
 * update of each linear and convolution weight it reads (by the layer's path, so the lossy
 * underscore names never have to be parsed) and fuses {@code scale · alpha / rank · (up @ down)}
 * into the weight, as diffusers' {@code fuse_lora(lora_scale)} does; without an alpha the factor
 * is {@code scale}. Keys outside this layout, and layers the UNet does not have, are refused by
 * name: their update would otherwise be silently lost.
 */
public final class UnetLora implements AutoCloseable {

    static final String PREFIX = "lora_unet_";
    private static final String DOWN = ".lora_down.weight";
    private static final String UP = ".lora_up.weight";
    private static final String ALPHA = ".alpha";
    private static final UnetLora NONE = new UnetLora(null, 1, Map.of());

    private final Checkpoint file;
    private final double scale;
    private final Map<String, Layer> layers;
    private final Set<String> applied = new LinkedHashSet<>();

    /** One layer's tensors; {@code alpha} is null where the file has none. */
    private record Layer(StoredTensor down, StoredTensor up, StoredTensor alpha) {
    }

    private UnetLora(Checkpoint file, double scale, Map<String, Layer> layers) {
        this.file = file;
        this.scale = scale;
        this.layers = layers;
    }

    /** No LoRA: every layer keeps its weight. */
    public static UnetLora none() {
        return NONE;
    }

    /**
     * Reads the LoRA file's header and checks its layout; {@code scale} weighs the update (1 is the
     * LoRA as trained, 0 leaves the UNet as it is).
     */
    public static UnetLora open(Path path, double scale) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("the LoRA scale must be a finite number, got " + scale);
        }
        Checkpoint file = Checkpoint.of(path);
        try {
            return new UnetLora(file, scale, layers(file));
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static Map<String, Layer> layers(Checkpoint file) {
        Map<String, Map<String, StoredTensor>> byLayer = new LinkedHashMap<>();
        List<String> foreign = new ArrayList<>();
        for (String name : file.names()) {
            String suffix = name.endsWith(DOWN) ? DOWN : name.endsWith(UP) ? UP : name.endsWith(ALPHA) ? ALPHA : null;
            if (!name.startsWith(PREFIX) || suffix == null) {
                foreign.add(name);
                continue;
            }
            byLayer.computeIfAbsent(name.substring(0, name.length() - suffix.length()), k -> new LinkedHashMap<>())
                    .put(suffix, file.find(name).orElseThrow());
        }
        if (!foreign.isEmpty()) {
            throw new InvalidCheckpointException(file.source() + " holds " + foreign.size() + " tensor(s) outside the"
                    + " LoRA layout read here (lora_unet_<layer>.lora_down.weight, .lora_up.weight, .alpha): "
                    + first(foreign) + ". Text-encoder parts (lora_te_*) and the diffusers/PEFT layout"
                    + " (unet.<layer>.lora_A.weight) are not supported.");
        }
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, StoredTensor>> e : byLayer.entrySet()) {
            Map<String, StoredTensor> parts = e.getValue();
            StoredTensor down = parts.get(DOWN);
            StoredTensor up = parts.get(UP);
            if (down == null || up == null) {
                throw new InvalidCheckpointException(file.source() + " has " + e.getKey() + (down == null ? UP : DOWN)
                        + " but no " + e.getKey() + (down == null ? DOWN : UP) + ": every LoRA layer needs both");
            }
            StoredTensor alpha = parts.get(ALPHA);
            if (alpha != null && alpha.elementCount() != 1) {
                throw new InvalidCheckpointException(file.source() + ": " + alpha.describe() + " should be one number");
            }
            layers.put(e.getKey(), new Layer(down, up, alpha));
        }
        return layers;
    }

    /**
     * The update of the layer at {@code path} (e.g. {@code down_blocks.0.resnets.0.conv1}) whose
     * weight has {@code weightShape}, if the LoRA has one; its factors must fit that weight.
     */
    Optional<LowRankUpdate> update(String path, long[] weightShape) {
        String key = PREFIX + path.replace('.', '_');
        Layer layer = layers.get(key);
        if (layer == null) {
            return Optional.empty();
        }
        long rank = layer.down().shape().length > 0 ? layer.down().shape()[0] : -1;
        long[] down = weightShape.clone();
        down[0] = rank;
        long[] up = new long[weightShape.length];
        Arrays.fill(up, 1);
        up[0] = weightShape[0];
        up[1] = rank;
        requireShape(layer.down(), down, path, weightShape);
        requireShape(layer.up(), up, path, weightShape);
        double alphaOverRank = layer.alpha() == null ? 1 : layer.alpha().floats()[0] / (double) rank;
        applied.add(key);
        return Optional.of(new LowRankUpdate(layer.up(), layer.down(), scale * alphaOverRank));
    }

    private void requireShape(StoredTensor t, long[] expected, String path, long[] weightShape) {
        if (!Arrays.equals(t.shape(), expected) || expected[0] < 1) {
            throw new InvalidCheckpointException(file.source() + ": " + t.describe() + " does not fit the layer " + path
                    + " (weight " + Arrays.toString(weightShape) + "; expected " + Arrays.toString(expected)
                    + "): a LoRA for another model?");
        }
    }

    /**
     * Fails when the LoRA has layers the converter never asked for: the UNet has no such layer (a
     * LoRA for another model, or in the original Stable Diffusion naming, which is not read).
     */
    void requireAllApplied(String family) {
        List<String> unmatched = layers.keySet().stream().filter(k -> !applied.contains(k)).toList();
        if (!unmatched.isEmpty()) {
            throw new InvalidCheckpointException(file.source() + " holds LoRA weights for " + unmatched.size()
                    + " layer(s) that this " + family + " does not have: " + first(unmatched) + " (a LoRA for another"
                    + " model? Layers are read by their diffusers names, e.g. lora_unet_down_blocks_0_resnets_0_conv1;"
                    + " the original Stable Diffusion names, lora_unet_input_blocks_*, are not)");
        }
    }

    private static String first(List<String> names) {
        int shown = Math.min(5, names.size());
        return String.join(", ", names.subList(0, shown)) + (names.size() > shown ? ", ..." : "");
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }
}
