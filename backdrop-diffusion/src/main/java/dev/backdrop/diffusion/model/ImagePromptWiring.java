package dev.backdrop.diffusion.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** How a folder's IP-Adapter, if it has one, brings a reference image to the UNet. */
public sealed interface ImagePromptWiring {

    /** No IP-Adapter; {@code why} says what is missing, for logs and readiness. */
    record Absent(String why) implements ImagePromptWiring {
    }

    /** The UNet has the adapter baked in and takes the CLIP image embedding as {@code image_embeds}. */
    record EmbedsInput(OnnxModel encoder) implements ImagePromptWiring {
    }

    /** The image encoder gives projected image tokens, appended to the text tokens. */
    record AppendedTokens(OnnxModel encoder) implements ImagePromptWiring {
    }

    /**
     * The published method (decoupled cross-attention): {@code image_encoder} gives the CLIP
     * embedding, {@code image_projection} turns it into image tokens, and the UNet attends to them
     * with the adapter's own keys and values, weighted by its {@code ip_scale} input.
     */
    record Decoupled(OnnxModel encoder, OnnxModel projection) implements ImagePromptWiring {
    }

    default boolean present() {
        return !(this instanceof Absent);
    }

    /** The CLIP image encoder, where there is one. */
    default OnnxModel encoder() {
        if (this instanceof EmbedsInput e) {
            return e.encoder();
        }
        if (this instanceof AppendedTokens t) {
            return t.encoder();
        }
        if (this instanceof Decoupled d) {
            return d.encoder();
        }
        throw new IllegalStateException("no IP-Adapter: " + ((Absent) this).why());
    }

    /**
     * The wiring the folder's files declare; {@code load} loads and owns a graph by its folder
     * name; {@code hidden} is the UNet's text input, whose width image tokens must match.
     */
    static ImagePromptWiring of(Path dir, OnnxModel unet, TensorSignature hidden, Function<String, OnnxModel> load) {
        boolean hasEncoder = Files.isRegularFile(dir.resolve("image_encoder/model.onnx"));
        if (unet.input("ip_tokens").isPresent()) {
            Checks.require(hasEncoder && Files.isRegularFile(dir.resolve("image_projection/model.onnx")),
                    "unet/model.onnx has an IP-Adapter (ip_tokens) but image_encoder/model.onnx or"
                            + " image_projection/model.onnx is missing");
            unet.requireInput("ip_scale");
            OnnxModel encoder = encoder(load);
            OnnxModel projection = load.apply("image_projection");
            TensorSignature tokens = projection.requireOutput("ip_tokens");
            if (tokens.fixed(2) && hidden.fixed(2)) {
                Checks.require(tokens.dim(2) == hidden.dim(2), "image_projection gives image tokens of width "
                        + tokens.dim(2) + " but unet/model.onnx takes encoder_hidden_states of width " + hidden.dim(2));
            }
            return new Decoupled(encoder, projection);
        }
        if (unet.input("image_embeds").isPresent()) {
            Checks.require(hasEncoder, "unet/model.onnx has an IP-Adapter (image_embeds) but image_encoder/model.onnx"
                    + " is missing");
            OnnxModel encoder = encoder(load);
            TensorSignature embeds = embedsOutput(encoder);
            TensorSignature wanted = unet.requireInput("image_embeds");
            if (embeds.rank() == wanted.rank() && embeds.fixed(embeds.rank() - 1) && wanted.fixed(wanted.rank() - 1)) {
                Checks.require(embeds.dim(embeds.rank() - 1) == wanted.dim(wanted.rank() - 1), "image_encoder gives"
                        + " embeddings of width " + embeds.dim(embeds.rank() - 1) + " but unet/model.onnx takes " + wanted);
            }
            return new EmbedsInput(encoder);
        }
        if (!hasEncoder) {
            return new Absent("no image_encoder/ folder and the UNet takes no image input");
        }
        OnnxModel encoder = encoder(load);
        TensorSignature tokens = embedsOutput(encoder);
        Checks.require(tokens.rank() == 3, "the folder has image_encoder/ but unet/model.onnx takes no image_embeds"
                + " and the encoder's output " + tokens + " is not image tokens [batch, tokens, width] to append to"
                + " the text tokens");
        if (tokens.fixed(2) && hidden.fixed(2)) {
            Checks.require(tokens.dim(2) == hidden.dim(2), "image_encoder gives image tokens of width "
                    + tokens.dim(2) + " but unet/model.onnx takes encoder_hidden_states of width " + hidden.dim(2));
        }
        return new AppendedTokens(encoder);
    }

    private static OnnxModel encoder(Function<String, OnnxModel> load) {
        OnnxModel encoder = load.apply("image_encoder");
        Checks.requireRank(encoder, encoder.requireInput("pixel_values"), 4);
        return encoder;
    }

    /** The image encoder's embedding output: {@code image_embeds}, else its first. */
    static TensorSignature embedsOutput(OnnxModel encoder) {
        return encoder.outputs().containsKey("image_embeds") ? encoder.requireOutput("image_embeds")
                : encoder.outputs().values().iterator().next();
    }
}
