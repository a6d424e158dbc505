package dev.backdrop.cli;

import dev.backdrop.diffusion.hub.HubRepoRef;
import dev.backdrop.diffusion.preset.Preset;
import dev.backdrop.diffusion.preset.Presets;
import dev.backdrop.model.ModelId;
import dev.backdrop.model.OnnxRuntimeGpu;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one name given to {@code backdrop models fetch} stands for. Every kind of name is parsed
 * here, so a new kind (a named preset of hub repositories, say) is one more record and one more
 * case in {@link #parse}.
 */
sealed interface FetchTarget {

    /** A segmentation model assembled from the npm package. */
    record Segmentation(ModelId model) implements FetchTarget {
    }

    /** The CUDA build of ONNX Runtime's native libraries. */
    record GpuRuntime() implements FetchTarget {
    }

    /** A named Stable Diffusion preset: its hub repositories, fetched and converted once. */
    record PresetTarget(Preset preset) implements FetchTarget {
    }

    /** Files of a model repository on a Hugging Face–compatible hub. */
    record HubRepository(HubRepoRef ref) implements FetchTarget {
    }

    /** The targets {@code name} stands for; {@link IllegalArgumentException} with what to write instead. */
    static List<FetchTarget> parse(String name) {
        if (name.equals("all")) {
            return Arrays.stream(ModelId.values()).<FetchTarget>map(Segmentation::new).toList();
        }
        if (name.equals(OnnxRuntimeGpu.cliName())) {
            return List.of(new GpuRuntime());
        }
        Optional<ModelId> model = ModelId.byName(name);
        if (model.isPresent()) {
            return List.of(new Segmentation(model.get()));
        }
        Optional<Preset> preset = Presets.byName(name);
        if (preset.isPresent()) {
            return List.of(new PresetTarget(preset.get()));
        }
        if (name.contains("/")) {
            return List.of(new HubRepository(HubRepoRef.parse(name)));
        }
        throw new IllegalArgumentException("unknown model '" + name + "': use " + ModelId.names() + ", all, "
                + OnnxRuntimeGpu.cliName() + ", a preset " + Presets.names() + ", or a hub repository"
                + " owner/name[@revision]");
    }
}
