package dev.backdrop.diffusion.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The converted CLIP text encoders against transformers' own outputs on the same tiny checkpoints. */
class ClipTextConverterTest {

    @TempDir
    Path dir;

    @Test
    void sd15TextEncoderMatchesTheReference() throws Exception {
        try (ReferenceCase ref = ReferenceCase.of("clip-text"); Checkpoint weights = ref.weights("model.safetensors")) {
            var graph = ClipTextConverter.graph(ClipTextConverter.Architecture.of(ref.config()), weights);
            Map<String, float[]> out = ReferenceCase.run(graph, dir, Map.of("input_ids", ref.intInput("input_ids")));
            for (String name : new String[] {"last_hidden_state", "pooler_output", "hidden_states.0", "hidden_states.1",
                    "hidden_states.2", "hidden_states.3"}) {
                ref.assertMatches(name, out.get(name));
            }
            assertThat(out).doesNotContainKey("text_embeds");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.safetensors", "model-with-position-ids.safetensors"})
    void sdxlSecondTextEncoderMatchesTheReference(String file) throws Exception {
        try (ReferenceCase ref = ReferenceCase.of("clip-text-projection"); Checkpoint weights = ref.weights(file)) {
            var graph = ClipTextConverter.graph(ClipTextConverter.Architecture.of(ref.config()), weights);
            Map<String, float[]> out = ReferenceCase.run(graph, dir, Map.of("input_ids", ref.intInput("input_ids")));
            for (String name : new String[] {"text_embeds", "last_hidden_state", "hidden_states.0", "hidden_states.1",
                    "hidden_states.2"}) {
                ref.assertMatches(name, out.get(name));
            }
        }
    }

    @Test
    void shardedCheckpointConvertsToTheSameOutputs() throws Exception {
        try (ReferenceCase ref = ReferenceCase.of("clip-text-projection");
             Checkpoint weights = Checkpoint.open(ref.dir.resolveSibling("clip-text-projection-sharded"), "model", false)) {
            var graph = ClipTextConverter.graph(ClipTextConverter.Architecture.of(ref.config()), weights);
            Map<String, float[]> out = ReferenceCase.run(graph, dir, Map.of("input_ids", ref.intInput("input_ids")));
            ref.assertMatches("text_embeds", out.get("text_embeds"));
            ref.assertMatches("hidden_states.1", out.get("hidden_states.1"));
        }
    }

    @Test
    void aCheckpointOfTheOtherEncoderIsRefusedByName() {
        // The SDXL second encoder's weights under the SD 1.5 encoder's config: widths disagree.
        try (ReferenceCase sd15 = ReferenceCase.of("clip-text"); ReferenceCase sdxl = ReferenceCase.of("clip-text-projection");
             Checkpoint weights = sdxl.weights("model.safetensors")) {
            assertThatThrownBy(() -> ClipTextConverter.graph(ClipTextConverter.Architecture.of(sd15.config()), weights))
                    .isInstanceOf(InvalidCheckpointException.class)
                    .hasMessageContaining("text_model.embeddings.token_embedding.weight")
                    .hasMessageContaining("expected [1000, 32]");
        }
    }

    @Test
    void aProjectionTheConfigDoesNotMentionIsAnUnknownTensor() {
        try (ReferenceCase sdxl = ReferenceCase.of("clip-text-projection"); Checkpoint weights = sdxl.weights("model.safetensors")) {
            ModelConfig config = sdxl.config();
            var plain = ClipTextConverter.Architecture.of(config);
            var withoutProjection = new ClipTextConverter.Architecture(false, plain.vocab(), plain.hidden(), plain.intermediate(),
                    plain.layers(), plain.heads(), plain.positions(), plain.activation(), plain.eps(), plain.projectionDim(),
                    plain.eosTokenId());
            assertThatThrownBy(() -> ClipTextConverter.graph(withoutProjection, weights))
                    .isInstanceOf(InvalidCheckpointException.class)
                    .hasMessageContaining("that a CLIPTextModel does not have: text_projection.weight");
        }
    }
}
