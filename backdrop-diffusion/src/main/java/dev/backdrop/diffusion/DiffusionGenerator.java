package dev.backdrop.diffusion;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.diffusion.model.DiffusionModelFolder;
import dev.backdrop.diffusion.model.DiffusionModelFolder.TextEncoder;
import dev.backdrop.diffusion.model.TensorSignature;
import dev.backdrop.diffusion.noise.NoiseSource;
import dev.backdrop.diffusion.scheduler.LcmScheduler;
import dev.backdrop.filter.Resampler;
import dev.backdrop.image.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code diffusion} background generator: Stable Diffusion inpainting run in process on ONNX
 * Runtime. The product stays; everything else is repainted from the prompt. The pipeline uses it
 * through {@link DiffusionBackgroundSource}, which batches samples and reports steps as progress.
 *
 * <p>Per request: both prompts are tokenized and encoded (SDXL: both encoders' penultimate
 * layers side by side, plus the pooled embedding and size ids); the photo and the repaint mask
 * (the inverse of the product mask, slightly grown) are scaled to the working size and the photo
 * is VAE-encoded (a sample of the encoder's distribution, as diffusers draws it); seeded noise
 * starts the latents at the step {@code strength} picks, as diffusers does; the scheduler loop runs the UNet with classifier-free guidance (negative prompt first in
 * the batch), feeding 9-channel inpainting UNets the mask and masked-image latents, and blending
 * the known latents back after every step for 4-channel ones; a ControlNet (separate or fused)
 * sees the product's Canny edges and an IP-Adapter UNet the reference's CLIP embedding. The VAE
 * decodes, the result is scaled to the canvas and the product's own pixels are pasted back.
 *
 * <p>Determinism: sample {@code k} uses {@link dev.backdrop.diffusion.noise.TorchCompatibleNoise}
 * seeded with {@code seed + k} for its initial latents and for stochastic schedulers, so the same
 * request and seed give the same pixels on the same build, alone or batched; the draws come in the
 * reference pipeline's order, so a sample equals the reference run with {@code
 * torch.manual_seed(seed + k)}. Every tensor is closed before a call returns. Thread-safe:
 * calls share only the sessions.
 */
public final class DiffusionGenerator implements AutoCloseable {

    private final DiffusionModelFolder model;
    private final DiffusionOptions options;
    private final boolean ownsModel;
    private final boolean inPlaceTensors;
    private final VaeCodec vae;
    private final PromptEncoder prompts;

    public DiffusionGenerator(DiffusionModelFolder model, DiffusionOptions options) {
        this(model, options, false, true);
    }

    private DiffusionGenerator(DiffusionModelFolder model, DiffusionOptions options, boolean ownsModel,
                               boolean inPlaceTensors) {
        this.model = model;
        this.options = options;
        this.ownsModel = ownsModel;
        this.inPlaceTensors = inPlaceTensors;
        this.vae = new VaeCodec(model);
        this.prompts = new PromptEncoder(model);
    }

    /**
     * The same model and options, with the UNet's sample and output tensors made and copied every
     * step as for half-precision UNets instead of written in place: for tests that check the two
     * give the same pixels. Does not own the model.
     */
    DiffusionGenerator withTensorsPerStep() {
        return new DiffusionGenerator(model, options, false, false);
    }

    /** Steps a latent-consistency model runs, whatever a request asks: the short end of its 4–8. */
    public static final int LCM_STEPS = 4;

    /** A latent-consistency model's own steps and no guidance (distilled into it), the rest as asked. */
    private static final java.util.function.UnaryOperator<BackgroundParameters> LCM_PARAMETERS = p ->
            new BackgroundParameters(p.strength(), p.ipAdapterWeight(), 1.0, LCM_STEPS, p.scheduler(), p.controlNetWeight());

    /**
     * Whether the model is a latent-consistency model (its scheduler config names the LCM
     * scheduler): it then runs {@link #LCM_STEPS} steps without guidance and the request's steps,
     * guidance and scheduler have no effect.
     */
    public boolean consistencyModel() {
        return LcmScheduler.isFor(model.schedulerConfig());
    }

    /** One sample's latent decoded to CHW planes in [-1, 1]. */
    float[] decode(float[] latent, int latentWidth, int latentHeight) {
        return vae.decode(latent, latentWidth, latentHeight);
    }

    /** Loads and checks a model folder; refuses a bad one with an InvalidDiffusionModelException. */
    public static DiffusionGenerator open(Path folder, DiffusionOptions options) {
        return new DiffusionGenerator(DiffusionModelFolder.open(folder, options.execution()), options, true, true);
    }

    public DiffusionModelFolder model() {
        return model;
    }

    public DiffusionOptions options() {
        return options;
    }

    /** One background with the generator's default scheduler and ControlNet weight. */
    public RgbImage generate(BackgroundRequest request) {
        return generate(request, 1, DiffusionRun.of(options)).get(0);
    }

    /**
     * {@code samples} backgrounds, sample {@code k} seeded with {@code request.seed() + k},
     * denoised together in one batch (split where the UNet has a fixed batch size).
     */
    public List<RgbImage> generate(BackgroundRequest request, int samples, DiffusionRun run) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, got " + samples);
        }
        int[] size = workingSize(request.width(), request.height());
        int width = size[0], height = size[1];
        int vsf = model.vaeScaleFactor();
        int lw = width / vsf, lh = height / vsf;
        int dilation = Math.max(1, Math.round(Math.min(width, height) / 128f));
        WorkingCanvas canvas = WorkingCanvas.of(request, width, height, dilation);
        float[] control = model.controlNet().present() ? edgeMap(canvas) : null;
        float[] referencePixels = model.imagePrompt().present() && request.reference() != null
                ? ClipImageInput.pixels(request.reference(), referenceSize(model)) : null;
        InpaintInputs inputs = InpaintInputs.of(canvas, lw, lh, control, referencePixels);
        BackgroundParameters parameters = consistencyModel() ? LCM_PARAMETERS.apply(request.parameters())
                : request.parameters();
        TextConditioning cond = prompts.encode(request.prompt(), false);
        TextConditioning uncond = parameters.guidanceScale() > 1 ? prompts.encode(request.negativePrompt(),
                model.sdxl() && model.forceZerosForEmptyPrompt() && request.negativePrompt().isBlank()) : null;
        float[] latents = denoise(inputs, cond, uncond, parameters, samples, run, new SampleNoise(request.seed(), samples));
        List<RgbImage> images = new ArrayList<>(samples);
        int per = latents.length / samples;
        for (int k = 0; k < samples; k++) {
            float[] one = Arrays.copyOfRange(latents, k * per, (k + 1) * per);
            images.add(toCanvas(vae.decode(one, lw, lh), width, height, request));
        }
        return images;
    }

    /**
     * Denoises {@code samples} latents from prepared inputs and prompt conditioning ({@code uncond}
     * null without guidance), drawing every random value from {@code noise} in the reference
     * pipeline's order: per sample, the photo's VAE sample (when the loop starts from the photo or
     * the UNet takes 4 channels), the initial noise, the masked photo's VAE sample (9-channel
     * UNets), then the scheduler's own draws.
     */
    float[] denoise(InpaintInputs inputs, TextConditioning cond, TextConditioning uncond, BackgroundParameters parameters, int samples,
                    DiffusionRun run, NoiseSource noise) {
        return new DenoisingLoop(model, options, vae, inPlaceTensors, parameters, run, samples, inputs, cond, uncond)
                .denoise(noise);
    }

    /** The side of the square image the image encoder takes. */
    static int referenceSize(DiffusionModelFolder model) {
        TensorSignature pixels = model.imagePrompt().encoder().requireInput("pixel_values");
        return pixels.fixed(2) ? (int) pixels.dim(2) : 224;
    }

    /** The working size for a canvas: the model's area at the canvas's aspect, in whole latent blocks. */
    int[] workingSize(int canvasWidth, int canvasHeight) {
        TensorSignature sample = model.unet().requireInput("sample");
        int vsf = model.vaeScaleFactor();
        if (sample.fixed(2) && sample.fixed(3)) {
            return new int[] {(int) sample.dim(3) * vsf, (int) sample.dim(2) * vsf};
        }
        int side = options.resolution() > 0 ? options.resolution() : model.sampleSize() * vsf;
        int multiple = Math.min(vsf * 8, side);
        double scale = side / Math.sqrt((double) canvasWidth * canvasHeight);
        int w = (int) Math.max(multiple, Math.round(canvasWidth * scale / multiple) * multiple);
        int h = (int) Math.max(multiple, Math.round(canvasHeight * scale / multiple) * multiple);
        return new int[] {w, h};
    }

    /**
     * About how many bytes one more sample adds to a denoising loop of {@code request}: what a
     * batch holds per sample from the first step until its backgrounds are composed, counted in
     * 4-byte values from the latent size (L = latent channels × latent width × latent height, P =
     * latent width × latent height) and the rows a sample takes in each UNet batch (2 with
     * guidance, 1 without):
     * <ul>
     *   <li>12 L for the loop's own latents: noise, image latents, latents, scaled input, guided
     *       prediction, the step's result, the known latents blended back, and up to 4 earlier
     *       model outputs a multistep scheduler keeps;</li>
     *   <li>per row: the UNet's sample input (its input channels × P) and output (2 L: the
     *       tensor read back and the batch's copy), and the text conditioning twice (the batch's
     *       hidden states and the tensor made from them: tokens × width each); with a ControlNet,
     *       the edge map at the working size (3 × H × W) and the ControlNet's sample (L);</li>
     *   <li>the background itself until the pipeline composes it: L for the latent it is decoded
     *       from and the canvas (width × height pixels).</li>
     * </ul>
     * The UNet's own working memory inside a call is not counted: it grows with the rows of that
     * call, which {@link DiffusionOptions#maxBatch()} bounds whatever the number of samples.
     */
    public long sampleBytes(BackgroundRequest request) {
        int[] size = workingSize(request.width(), request.height());
        int vsf = model.vaeScaleFactor();
        long plane = (long) (size[0] / vsf) * (size[1] / vsf);
        long latent = model.latentChannels() * plane;
        int rows = request.parameters().guidanceScale() > 1 ? 2 : 1;
        long perRow = model.unetInChannels() * plane + 2 * latent + 2 * textValues();
        if (model.controlNet().present()) {
            perRow += 3L * size[0] * size[1] + latent;
        }
        long values = 12 * latent + rows * perRow + latent + (long) request.width() * request.height();
        return 4 * values;
    }

    /** Values in one row of text conditioning: tokens × width, as the UNet declares them where it does. */
    private long textValues() {
        TensorSignature hidden = model.unet().requireInput("encoder_hidden_states");
        long tokens = hidden.fixed(1) ? hidden.dim(1) : model.textEncoders().get(0).tokenizer().maxLength();
        long width = 0;
        if (hidden.fixed(2)) {
            width = hidden.dim(2);
        } else {
            for (TextEncoder encoder : model.textEncoders()) {
                width += Math.max(0, encoder.hiddenSize());
            }
        }
        // Nothing declares the width: count SDXL's (the widest of the standard models), erring high.
        return tokens * (width > 0 ? width : 2048);
    }

    /** The decoded picture at canvas size with the product's own pixels pasted back over it. */
    private static RgbImage toCanvas(float[] decoded, int width, int height, BackgroundRequest request) {
        int n = width * height;
        int cw = request.width(), ch = request.height();
        float[][] planes = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] plane = new float[n];
            for (int i = 0; i < n; i++) {
                plane[i] = (decoded[c * n + i] + 1f) * 0.5f;
            }
            planes[c] = Resampler.BICUBIC.resize(plane, width, height, cw, ch);
        }
        int[] subject = request.subject().image().pixels();
        float[] alpha = request.subject().mask().alpha();
        int[] out = new int[cw * ch];
        for (int i = 0; i < out.length; i++) {
            float a = Math.max(0f, Math.min(1f, alpha[i]));
            int s = subject[i];
            int r = mix(planes[0][i], (s >> 16) & 0xFF, a);
            int g = mix(planes[1][i], (s >> 8) & 0xFF, a);
            int b = mix(planes[2][i], s & 0xFF, a);
            out[i] = (r << 16) | (g << 8) | b;
        }
        return new RgbImage(cw, ch, out);
    }

    private static int mix(float generated, int product, float alpha) {
        if (alpha >= 1f) {
            return product;
        }
        float g = Math.max(0f, Math.min(1f, generated)) * 255f;
        return Math.round(alpha * product + (1 - alpha) * g);
    }

    private static float[] edgeMap(WorkingCanvas canvas) {
        float[] edges = CannyEdges.detect(canvas.productGray(), canvas.width(), canvas.height(), CannyEdges.LOW,
                CannyEdges.HIGH);
        int n = edges.length;
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(edges, 0, out, c * n, n);
        }
        return out;
    }

    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }
}
