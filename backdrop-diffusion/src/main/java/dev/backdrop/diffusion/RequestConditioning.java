package dev.backdrop.diffusion;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import dev.backdrop.diffusion.model.ControlNetWiring;
import dev.backdrop.diffusion.model.DiffusionModelFolder;
import dev.backdrop.diffusion.model.ImagePromptWiring;
import dev.backdrop.diffusion.model.OnnxModel;
import dev.backdrop.diffusion.model.TensorSignature;
import dev.backdrop.diffusion.model.Tensors;
import java.util.Arrays;

/** The constant UNet and ControlNet inputs of one request: text, sizes, edge map, reference. */
final class RequestConditioning {

    final DiffusionModelFolder model;
    final DenoisingLoop loop;
    final float[] hidden;     // [batch, tokens, width]
    final int tokens, width;
    final float[] pooled;     // SDXL [batch, P], else null
    final float[] edges;      // [3, H, W] in 0..1, or null
    final float[] imageEmbeds;      // one row, or null
    final long[] imageEmbedShape;   // of one row
    final float[][] imageTokens;    // DECOUPLED: {unconditional, conditional} projected tokens, or null
    final long[] imageTokenShape;   // of one row: [tokens, width]

    RequestConditioning(DenoisingLoop loop) {
        this.model = loop.model;
        this.loop = loop;
        TextConditioning cond = loop.cond;
        TextConditioning uncond = loop.uncond;
        float[] reference = model.imagePrompt().present() ? referenceEmbedding() : null;
        boolean appended = model.imagePrompt() instanceof ImagePromptWiring.AppendedTokens
                && (ipWeight() > 0 || model.unetSequenceLength() > 0);
        if (appended) {
            // Image tokens follow the text tokens, scaled by the weight; the negative rows get zeros.
            float weight = (float) ipWeight();
            float[] scaled = reference.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= weight;
            }
            cond = cond.append(scaled);
            uncond = uncond == null ? null : uncond.append(new float[scaled.length]);
        }
        this.tokens = cond.tokens();
        this.width = cond.width();
        this.hidden = rows(uncond == null ? null : uncond.hidden(), cond.hidden(), loop.samples);
        this.pooled = cond.pooled() == null ? null
                : rows(uncond == null ? null : uncond.pooled(), cond.pooled(), loop.samples);
        boolean control = model.controlNet().present();
        this.edges = control ? loop.inputs.control() : null;
        if (model.imagePrompt() instanceof ImagePromptWiring.EmbedsInput) {
            this.imageEmbeds = reference;
            this.imageEmbedShape = referenceShape;
        } else {
            this.imageEmbeds = null;
            this.imageEmbedShape = null;
        }
        if (model.imagePrompt() instanceof ImagePromptWiring.Decoupled) {
            // As the reference pipeline: the unconditional rows see the projection of a zero embedding.
            OnnxModel projection = ((ImagePromptWiring.Decoupled) model.imagePrompt()).projection();
            int row = reference.length;
            float[] both = new float[2 * row];
            System.arraycopy(reference, 0, both, row, row);
            try (Feeds feeds = new Feeds()) {
                feeds.own("image_embeds", Tensors.floats(projection.requireInput("image_embeds"), both, 2, row));
                try (OrtSession.Result result = projection.run(feeds.map())) {
                    OnnxValue value = result.get("ip_tokens").orElseThrow();
                    float[] tokens = Tensors.read(value);
                    long[] shape = Tensors.shape(value);
                    int half = tokens.length / 2;
                    this.imageTokens = new float[][] {Arrays.copyOfRange(tokens, 0, half),
                            Arrays.copyOfRange(tokens, half, tokens.length)};
                    this.imageTokenShape = Arrays.copyOfRange(shape, 1, shape.length);
                }
            }
        } else {
            this.imageTokens = null;
            this.imageTokenShape = null;
        }
    }

    private long[] referenceShape;

    /** The reference's CLIP embedding (one row), zeros when the request has none. */
    private float[] referenceEmbedding() {
        OnnxModel encoder = model.imagePrompt().encoder();
        TensorSignature pixels = encoder.requireInput("pixel_values");
        int size = DiffusionGenerator.referenceSize(model);
        float[] given = loop.inputs.referencePixels();
        try (Feeds feeds = new Feeds()) {
            feeds.own("pixel_values", Tensors.floats(pixels, given != null ? given : new float[3 * size * size],
                    1, 3, size, size));
            try (OrtSession.Result result = encoder.run(feeds.map())) {
                OnnxValue value = result.get("image_embeds").orElse(result.get(0));
                float[] embeds = Tensors.read(value);
                if (given == null) {
                    Arrays.fill(embeds, 0f);
                }
                long[] shape = Tensors.shape(value);
                referenceShape = Arrays.copyOfRange(shape, 1, shape.length);
                return embeds;
            }
        }
    }

    double ipWeight() {
        return loop.inputs.referencePixels() == null ? 0 : loop.parameters.ipAdapterWeight();
    }

    Feeds unetConstants(int from, int to) {
        OnnxModel unet = model.unet();
        Feeds feeds = new Feeds();
        try {
            addText(feeds, unet, from, to);
            int count = to - from;
            if (unet.input("controlnet_cond").isPresent()) {
                feeds.own("controlnet_cond", Tensors.floats(unet.requireInput("controlnet_cond"),
                        repeat(edges, count), count, 3, loop.inputs.height(), loop.inputs.width()));
            }
            if (unet.input("conditioning_scale").isPresent()) {
                feeds.own("conditioning_scale", Tensors.scalarLike(unet.requireInput("conditioning_scale"),
                        (float) loop.run.controlNetWeight(), count));
            }
            if (imageTokens != null) {
                int row = imageTokens[0].length;
                float[] values = new float[count * row];
                for (int b = from; b < to; b++) {
                    boolean negative = loop.guided && b < loop.samples;
                    System.arraycopy(imageTokens[negative ? 0 : 1], 0, values, (b - from) * row, row);
                }
                feeds.own("ip_tokens", Tensors.floats(unet.requireInput("ip_tokens"), values, count,
                        imageTokenShape[0], imageTokenShape[1]));
                feeds.own("ip_scale", Tensors.scalarLike(unet.requireInput("ip_scale"), (float) ipWeight(), count));
            }
            if (imageEmbeds != null) {
                boolean scaleInGraph = unet.input("ip_adapter_scale").isPresent();
                float weight = (float) ipWeight();
                int row = imageEmbeds.length;
                float[] values = new float[count * row];
                for (int b = from; b < to; b++) {
                    boolean negative = loop.guided && b < loop.samples;
                    for (int j = 0; j < row && !negative; j++) {
                        values[(b - from) * row + j] = scaleInGraph ? imageEmbeds[j] : imageEmbeds[j] * weight;
                    }
                }
                long[] shape = new long[imageEmbedShape.length + 1];
                shape[0] = count;
                System.arraycopy(imageEmbedShape, 0, shape, 1, imageEmbedShape.length);
                feeds.own("image_embeds", Tensors.floats(unet.requireInput("image_embeds"), values, shape));
                if (scaleInGraph) {
                    feeds.own("ip_adapter_scale", Tensors.scalarLike(unet.requireInput("ip_adapter_scale"), weight, count));
                }
            }
            return feeds;
        } catch (RuntimeException e) {
            feeds.close();
            throw e;
        }
    }

    Feeds controlNetConstants(int from, int to) {
        OnnxModel controlNet = ((ControlNetWiring.Split) model.controlNet()).model();
        Feeds feeds = new Feeds();
        try {
            int count = to - from;
            addText(feeds, controlNet, from, to);
            feeds.own("controlnet_cond", Tensors.floats(controlNet.requireInput("controlnet_cond"),
                    repeat(edges, count), count, 3, loop.inputs.height(), loop.inputs.width()));
            if (controlNet.input("conditioning_scale").isPresent()) {
                feeds.own("conditioning_scale", Tensors.scalarLike(controlNet.requireInput("conditioning_scale"),
                        (float) loop.run.controlNetWeight(), count));
            }
            return feeds;
        } catch (RuntimeException e) {
            feeds.close();
            throw e;
        }
    }

    private void addText(Feeds feeds, OnnxModel graph, int from, int to) {
        int count = to - from;
        int row = tokens * width;
        feeds.own("encoder_hidden_states", Tensors.floats(graph.requireInput("encoder_hidden_states"),
                Arrays.copyOfRange(hidden, from * row, to * row), count, tokens, width));
        if (pooled != null && graph.input("text_embeds").isPresent()) {
            int p = pooled.length / loop.batch;
            feeds.own("text_embeds", Tensors.floats(graph.requireInput("text_embeds"),
                    Arrays.copyOfRange(pooled, from * p, to * p), count, p));
        }
        if (graph.input("time_ids").isPresent()) {
            int h = loop.inputs.height(), w = loop.inputs.width();
            float[] ids = new float[count * 6];
            for (int b = 0; b < count; b++) {
                float[] one = {h, w, 0, 0, h, w};
                System.arraycopy(one, 0, ids, b * 6, 6);
            }
            feeds.own("time_ids", Tensors.floats(graph.requireInput("time_ids"), ids, count, 6));
        }
    }

    /** Rows for the batch: {@code samples} copies of the negative (if any), then of the positive. */
    private static float[] rows(float[] negative, float[] positive, int samples) {
        int row = positive.length;
        int count = negative == null ? samples : 2 * samples;
        float[] out = new float[count * row];
        for (int b = 0; b < count; b++) {
            float[] source = negative != null && b < samples ? negative : positive;
            System.arraycopy(source, 0, out, b * row, row);
        }
        return out;
    }

    private static float[] repeat(float[] one, int times) {
        float[] out = new float[one.length * times];
        for (int k = 0; k < times; k++) {
            System.arraycopy(one, 0, out, k * one.length, one.length);
        }
        return out;
    }
}
