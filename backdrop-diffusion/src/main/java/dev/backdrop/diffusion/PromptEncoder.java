package dev.backdrop.diffusion;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import dev.backdrop.diffusion.model.DiffusionModelFolder;
import dev.backdrop.diffusion.model.DiffusionModelFolder.TextEncoder;
import dev.backdrop.diffusion.model.Tensors;
import dev.backdrop.diffusion.tokenizer.TokenizedPrompt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tokenizes and encodes a prompt with each of the model's text encoders and lays their hidden
 * states side by side (SDXL: both encoders' chosen layers, plus the second's pooled embedding).
 */
final class PromptEncoder {

    private final DiffusionModelFolder model;

    PromptEncoder(DiffusionModelFolder model) {
        this.model = model;
    }

    /** The conditioning of {@code prompt}; all zeros with {@code zeros} (a blank negative prompt where the model asks for it). */
    TextConditioning encode(String prompt, boolean zeros) {
        List<float[]> parts = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        float[] pooled = null;
        int tokens = 0;
        for (TextEncoder encoder : model.textEncoders()) {
            TokenizedPrompt tokenized = encoder.tokenizer().tokenize(prompt);
            int[] ids = tokenized.ids();
            int[] attention = tokenized.attentionMask();
            tokens = ids.length;
            try (Feeds feeds = new Feeds()) {
                feeds.own("input_ids", Tensors.numbers(encoder.inputIds(), toLongs(ids), 1, ids.length));
                encoder.model().input("attention_mask").ifPresent(sig ->
                        feeds.own("attention_mask", Tensors.numbers(sig, toLongs(attention), 1, attention.length)));
                try (OrtSession.Result result = encoder.model().run(feeds.map())) {
                    OnnxValue hidden = result.get(encoder.hiddenOutput()).orElseThrow();
                    long[] shape = Tensors.shape(hidden);
                    parts.add(Tensors.read(hidden));
                    widths.add((int) shape[2]);
                    if (encoder.pooledOutput() != null) {
                        pooled = Tensors.read(result.get(encoder.pooledOutput()).orElseThrow());
                    }
                }
            }
        }
        int width = widths.stream().mapToInt(Integer::intValue).sum();
        float[] hidden = new float[tokens * width];
        int offset = 0;
        for (int e = 0; e < parts.size(); e++) {
            int w = widths.get(e);
            float[] part = parts.get(e);
            for (int t = 0; t < tokens; t++) {
                System.arraycopy(part, t * w, hidden, t * width + offset, w);
            }
            offset += w;
        }
        if (zeros) {
            Arrays.fill(hidden, 0f);
            if (pooled != null) {
                Arrays.fill(pooled, 0f);
            }
        }
        return new TextConditioning(hidden, tokens, width, pooled);
    }

    private static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
