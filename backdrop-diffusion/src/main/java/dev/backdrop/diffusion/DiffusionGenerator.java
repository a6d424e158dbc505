package dev.backdrop.diffusion;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import dev.backdrop.background.BackgroundGenerator;
import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.diffusion.model.DiffusionModelFolder;
import dev.backdrop.diffusion.model.ControlNetWiring;
import dev.backdrop.diffusion.model.DiffusionModelFolder.TextEncoder;
import dev.backdrop.diffusion.model.ImagePromptWiring;
import dev.backdrop.diffusion.model.DiffusionRunException;
import dev.backdrop.diffusion.model.OnnxModel;
import dev.backdrop.diffusion.model.TensorSignature;
import dev.backdrop.diffusion.model.Tensors;
import dev.backdrop.diffusion.model.TimestepForm;
import dev.backdrop.diffusion.noise.NoiseSource;
import dev.backdrop.diffusion.scheduler.LcmScheduler;
import dev.backdrop.diffusion.scheduler.Scheduler;
import dev.backdrop.diffusion.scheduler.SchedulerConfig;
import dev.backdrop.filter.Resampler;
import dev.backdrop.image.RgbImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code diffusion} background generator: Stable Diffusion inpainting run in process on ONNX
 * Runtime. The product stays; everything else is repainted from the prompt.
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
public final class DiffusionGenerator implements BackgroundGenerator, AutoCloseable {

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

    @Override
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
                ? ClipImageInput.pixels(request.reference(), referenceSize()) : null;
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
        int vsf = model.vaeScaleFactor();
        return new Job(parameters, run, samples, inputs, cond, uncond, inputs.width() / vsf, inputs.height() / vsf)
                .denoise(noise);
    }

    /** The side of the square image the image encoder takes. */
    private int referenceSize() {
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

    /** One request's state through the loop. */
    private final class Job {

        final BackgroundParameters parameters;
        final DiffusionRun run;
        final int samples;
        final InpaintInputs inputs;
        final TextConditioning cond, uncond;
        final int lw, lh, latentSize;
        final boolean guided;
        final int batch;
        final double guidance;

        Job(BackgroundParameters parameters, DiffusionRun run, int samples, InpaintInputs inputs, TextConditioning cond, TextConditioning uncond,
            int lw, int lh) {
            this.parameters = parameters;
            this.run = run;
            this.samples = samples;
            this.inputs = inputs;
            this.cond = cond;
            this.uncond = uncond;
            this.lw = lw;
            this.lh = lh;
            this.latentSize = model.latentChannels() * lw * lh;
            this.guidance = parameters.guidanceScale();
            this.guided = guidance > 1;
            this.batch = guided ? 2 * samples : samples;
        }

        float[] denoise(NoiseSource noiseSource) {
            SchedulerConfig config = model.schedulerConfig();
            // A model distilled for the LCM scheduler (its config names it) samples well with no other.
            Scheduler scheduler = LcmScheduler.isFor(config) ? new LcmScheduler(config) : run.scheduler().create(config);
            scheduler.setTimesteps(parameters.steps());
            double[] timesteps = scheduler.timesteps();
            double strength = parameters.strength();
            int start = Math.min(scheduler.startIndex(strength), timesteps.length);
            boolean fromPhoto = strength < 1.0 || !model.inpaintingUnet();
            float[] imageLatents = fromPhoto
                    ? vae.encode(inputs.image(), inputs.width(), inputs.height(), noiseSource, samples) : null;
            if (start >= timesteps.length) {
                return imageLatents;
            }
            float[] noise = noiseSource.next(samples * latentSize);
            float[] latents;
            if (strength >= 1.0) {
                latents = noise.clone();
                float sigma = (float) scheduler.initNoiseSigma();
                for (int i = 0; i < latents.length; i++) {
                    latents[i] *= sigma;
                }
            } else {
                latents = scheduler.addNoise(imageLatents, noise, start);
            }
            float[] mask = inputs.latentMask();
            float[] maskedLatent = model.inpaintingUnet()
                    ? vae.encode(inputs.maskedImage(), inputs.width(), inputs.height(), noiseSource, samples) : null;

            List<int[]> chunks = chunks();
            List<UnetCall> calls = new ArrayList<>();
            List<Feeds> controlConstants = new ArrayList<>();
            try {
                Conditioning conditioning = new Conditioning(this);
                for (int[] chunk : chunks) {
                    calls.add(new UnetCall(chunk[0], chunk[1], conditioning.unetConstants(chunk[0], chunk[1]), mask,
                            maskedLatent));
                    if (model.controlNet() instanceof ControlNetWiring.Split) {
                        controlConstants.add(conditioning.controlNetConstants(chunk[0], chunk[1]));
                    }
                }
                int total = timesteps.length - start;
                for (int i = start; i < timesteps.length; i++) {
                    float[] scaled = scheduler.scaleModelInput(latents, i);
                    // A new array every step: multistep schedulers may keep the model outputs they are given.
                    float[] output = new float[batch * latentSize];
                    for (int c = 0; c < calls.size(); c++) {
                        calls.get(c).run(scaled, timesteps[i], controlConstants.isEmpty() ? null : controlConstants.get(c),
                                output);
                    }
                    float[] prediction = guided ? guide(output) : output;
                    latents = scheduler.step(prediction, i, latents, noiseSource);
                    if (!model.inpaintingUnet()) {
                        float[] known = i + 1 < timesteps.length
                                ? scheduler.addNoise(imageLatents, noise, i + 1) : imageLatents;
                        latents = blend(latents, known, mask);
                    }
                    run.listener().step(i - start + 1, total);
                }
                return latents;
            } finally {
                calls.forEach(UnetCall::close);
                controlConstants.forEach(Feeds::close);
            }
        }

        /** Batch ranges the UNet can take at once. */
        private List<int[]> chunks() {
            int limit = Math.min(batch, model.unetBatchLimit());
            if (options.maxBatch() > 0) {
                limit = Math.min(limit, options.maxBatch());
            }
            limit = Math.max(1, limit);
            List<int[]> chunks = new ArrayList<>();
            for (int b = 0; b < batch; b += limit) {
                chunks.add(new int[] {b, Math.min(batch, b + limit)});
            }
            return chunks;
        }

        /**
         * The UNet call of one batch range, set up once per request: the constant inputs (text,
         * sizes, edge map, reference) are made once; for a float32 UNet the sample tensor lies over
         * a direct buffer whose mask and masked-image planes are written once and whose latent planes
         * are rewritten in place every step, and the output is written by ONNX Runtime straight into
         * a buffer of ours. Half-precision UNets get their sample and output converted every step.
         */
        private final class UnetCall implements AutoCloseable {

            final int from, to, count;
            final Feeds constants;
            final int channels, plane;
            final OnnxModel unet = model.unet();
            final TensorSignature sampleInput = unet.requireInput("sample");
            final String outputName = unet.outputs().keySet().iterator().next();
            final FloatBuffer sample;       // float32 UNets: the sample, in place
            final OnnxTensor sampleTensor;
            final float[] stagedSample;     // half-precision UNets: the sample before conversion
            final FloatBuffer out;          // float32 outputs: written by the UNet
            final OnnxTensor outTensor;

            UnetCall(int from, int to, Feeds constants, float[] mask, float[] maskedLatent) {
                this.from = from;
                this.to = to;
                this.count = to - from;
                this.constants = constants;
                this.channels = model.unetInChannels();
                this.plane = lw * lh;
                FloatBuffer sampleBuffer = null;
                OnnxTensor sampleTensor = null;
                FloatBuffer outBuffer = null;
                OnnxTensor outTensor = null;
                try {
                    if (inPlaceTensors && sampleInput.type() == OnnxJavaType.FLOAT) {
                        sampleBuffer = Tensors.directFloats(count * channels * plane);
                        if (maskedLatent != null) {
                            for (int b = 0; b < count; b++) {
                                int at = b * channels * plane;
                                sampleBuffer.put(at + latentSize, mask, 0, plane);
                                sampleBuffer.put(at + latentSize + plane, maskedLatent, ((from + b) % samples) * latentSize,
                                        latentSize);
                            }
                        }
                        sampleTensor = Tensors.wrap(sampleBuffer, count, channels, lh, lw);
                    }
                    if (inPlaceTensors && unet.outputs().get(outputName).type() == OnnxJavaType.FLOAT) {
                        outBuffer = Tensors.directFloats(count * latentSize);
                        outTensor = Tensors.wrap(outBuffer, count, model.latentChannels(), lh, lw);
                    }
                } catch (RuntimeException e) {
                    closeAll(sampleTensor, outTensor);
                    constants.close();
                    throw e;
                }
                this.sample = sampleBuffer;
                this.sampleTensor = sampleTensor;
                this.stagedSample = sampleBuffer == null ? sampleStaging(mask, maskedLatent) : null;
                this.out = outBuffer;
                this.outTensor = outTensor;
            }

            private float[] sampleStaging(float[] mask, float[] maskedLatent) {
                float[] staged = new float[count * channels * plane];
                if (maskedLatent != null) {
                    for (int b = 0; b < count; b++) {
                        int at = b * channels * plane;
                        System.arraycopy(mask, 0, staged, at + latentSize, plane);
                        System.arraycopy(maskedLatent, ((from + b) % samples) * latentSize, staged, at + latentSize + plane,
                                latentSize);
                    }
                }
                return staged;
            }

            /** Runs this range at {@code timestep} on the scaled latents and writes its predictions into {@code output}. */
            void run(float[] scaled, double timestep, Feeds controlConstant, float[] output) {
                float[] controlSample = controlConstant == null ? null : new float[count * latentSize];
                for (int b = from; b < to; b++) {
                    int k = b % samples;
                    int at = (b - from) * channels * plane;
                    if (sample != null) {
                        sample.put(at, scaled, k * latentSize, latentSize);
                    } else {
                        System.arraycopy(scaled, k * latentSize, stagedSample, at, latentSize);
                    }
                    if (controlSample != null) {
                        System.arraycopy(scaled, k * latentSize, controlSample, (b - from) * latentSize, latentSize);
                    }
                }
                try (Feeds feeds = new Feeds()) {
                    if (sample != null) {
                        feeds.borrow("sample", sampleTensor);
                    } else {
                        feeds.own("sample", Tensors.floats(sampleInput, stagedSample, count, channels, lh, lw));
                    }
                    feeds.own("timestep", timestep(unet.requireInput("timestep"), model.timestepForm(), timestep, count));
                    constants.map().forEach(feeds::borrow);
                    OrtSession.Result control = null;
                    try {
                        if (controlConstant != null) {
                            control = runControlNet(controlSample, timestep, count, controlConstant, feeds);
                        }
                        if (out != null) {
                            unet.run(feeds.map(), Map.of(outputName, outTensor)).close();
                            out.get(0, output, from * latentSize, count * latentSize);
                        } else {
                            try (OrtSession.Result result = unet.run(feeds.map())) {
                                float[] values = Tensors.read(result.get(0));
                                System.arraycopy(values, 0, output, from * latentSize, count * latentSize);
                            }
                        }
                    } finally {
                        if (control != null) {
                            control.close();
                        }
                    }
                }
            }

            @Override
            public void close() {
                closeAll(sampleTensor, outTensor);
                constants.close();
            }
        }

        /** Runs the separate ControlNet and hands its residuals to the UNet's feeds; the caller closes the result. */
        private OrtSession.Result runControlNet(float[] sample, double timestep, int count, Feeds constant,
                                                Feeds unetFeeds) {
            ControlNetWiring.Split split = (ControlNetWiring.Split) model.controlNet();
            OnnxModel controlNet = split.model();
            OrtSession.Result result;
            try (Feeds feeds = new Feeds()) {
                feeds.own("sample", Tensors.floats(controlNet.requireInput("sample"), sample, count,
                        model.latentChannels(), lh, lw));
                feeds.own("timestep", timestep(controlNet.requireInput("timestep"), split.timestepForm(),
                        timestep, count));
                constant.map().forEach(feeds::borrow);
                result = controlNet.run(feeds.map());
            }
            boolean scaledInGraph = controlNet.input("conditioning_scale").isPresent();
            double weight = run.controlNetWeight();
            List<String> outputs = new ArrayList<>(split.downOutputs());
            outputs.add(split.midOutput());
            List<String> inputs = new ArrayList<>(split.unetDownInputs());
            inputs.add(split.unetMidInput());
            for (int i = 0; i < outputs.size(); i++) {
                OnnxTensor residual = (OnnxTensor) result.get(outputs.get(i)).orElseThrow();
                TensorSignature target = model.unet().requireInput(inputs.get(i));
                boolean sameType = residual.getInfo().type == target.type();
                if (scaledInGraph && sameType) {
                    unetFeeds.borrow(inputs.get(i), residual);
                } else {
                    float[] values = Tensors.read(residual);
                    if (!scaledInGraph) {
                        for (int j = 0; j < values.length; j++) {
                            values[j] *= (float) weight;
                        }
                    }
                    unetFeeds.own(inputs.get(i), Tensors.floats(target, values, residual.getInfo().getShape()));
                }
            }
            return result;
        }

        /** {@code uncond + g (cond - uncond)} per sample; the batch holds the negatives first. */
        private float[] guide(float[] output) {
            float[] out = new float[samples * latentSize];
            float g = (float) guidance;
            int condOffset = samples * latentSize;
            for (int i = 0; i < out.length; i++) {
                float u = output[i];
                out[i] = u + g * (output[condOffset + i] - u);
            }
            return out;
        }

        private float[] blend(float[] latents, float[] known, float[] mask) {
            int plane = lw * lh;
            float[] out = new float[latents.length];
            for (int start = 0; start < out.length; start += plane) {
                for (int p = 0; p < plane; p++) {
                    float m = mask[p];
                    int i = start + p;
                    out[i] = m * latents[i] + (1 - m) * known[i];
                }
            }
            return out;
        }
    }

    /** The constant UNet and ControlNet inputs of one request: text, sizes, edge map, reference. */
    private final class Conditioning {

        final Job job;
        final float[] hidden;     // [batch, tokens, width]
        final int tokens, width;
        final float[] pooled;     // SDXL [batch, P], else null
        final float[] edges;      // [3, H, W] in 0..1, or null
        final float[] imageEmbeds;      // one row, or null
        final long[] imageEmbedShape;   // of one row
        final float[][] imageTokens;    // DECOUPLED: {unconditional, conditional} projected tokens, or null
        final long[] imageTokenShape;   // of one row: [tokens, width]

        Conditioning(Job job) {
            this.job = job;
            TextConditioning cond = job.cond;
            TextConditioning uncond = job.uncond;
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
            this.hidden = rows(uncond == null ? null : uncond.hidden(), cond.hidden(), job.samples);
            this.pooled = cond.pooled() == null ? null
                    : rows(uncond == null ? null : uncond.pooled(), cond.pooled(), job.samples);
            boolean control = model.controlNet().present();
            this.edges = control ? job.inputs.control() : null;
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
            int size = referenceSize();
            float[] given = job.inputs.referencePixels();
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
            return job.inputs.referencePixels() == null ? 0 : job.parameters.ipAdapterWeight();
        }

        Feeds unetConstants(int from, int to) {
            OnnxModel unet = model.unet();
            Feeds feeds = new Feeds();
            try {
                addText(feeds, unet, from, to);
                int count = to - from;
                if (unet.input("controlnet_cond").isPresent()) {
                    feeds.own("controlnet_cond", Tensors.floats(unet.requireInput("controlnet_cond"),
                            repeat(edges, count), count, 3, job.inputs.height(), job.inputs.width()));
                }
                if (unet.input("conditioning_scale").isPresent()) {
                    feeds.own("conditioning_scale", scalarLike(unet.requireInput("conditioning_scale"),
                            (float) job.run.controlNetWeight(), count));
                }
                if (imageTokens != null) {
                    int row = imageTokens[0].length;
                    float[] values = new float[count * row];
                    for (int b = from; b < to; b++) {
                        boolean negative = job.guided && b < job.samples;
                        System.arraycopy(imageTokens[negative ? 0 : 1], 0, values, (b - from) * row, row);
                    }
                    feeds.own("ip_tokens", Tensors.floats(unet.requireInput("ip_tokens"), values, count,
                            imageTokenShape[0], imageTokenShape[1]));
                    feeds.own("ip_scale", scalarLike(unet.requireInput("ip_scale"), (float) ipWeight(), count));
                }
                if (imageEmbeds != null) {
                    boolean scaleInGraph = unet.input("ip_adapter_scale").isPresent();
                    float weight = (float) ipWeight();
                    int row = imageEmbeds.length;
                    float[] values = new float[count * row];
                    for (int b = from; b < to; b++) {
                        boolean negative = job.guided && b < job.samples;
                        for (int j = 0; j < row && !negative; j++) {
                            values[(b - from) * row + j] = scaleInGraph ? imageEmbeds[j] : imageEmbeds[j] * weight;
                        }
                    }
                    long[] shape = new long[imageEmbedShape.length + 1];
                    shape[0] = count;
                    System.arraycopy(imageEmbedShape, 0, shape, 1, imageEmbedShape.length);
                    feeds.own("image_embeds", Tensors.floats(unet.requireInput("image_embeds"), values, shape));
                    if (scaleInGraph) {
                        feeds.own("ip_adapter_scale", scalarLike(unet.requireInput("ip_adapter_scale"), weight, count));
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
                        repeat(edges, count), count, 3, job.inputs.height(), job.inputs.width()));
                if (controlNet.input("conditioning_scale").isPresent()) {
                    feeds.own("conditioning_scale", scalarLike(controlNet.requireInput("conditioning_scale"),
                            (float) job.run.controlNetWeight(), count));
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
                int p = pooled.length / job.batch;
                feeds.own("text_embeds", Tensors.floats(graph.requireInput("text_embeds"),
                        Arrays.copyOfRange(pooled, from * p, to * p), count, p));
            }
            if (graph.input("time_ids").isPresent()) {
                int h = job.inputs.height(), w = job.inputs.width();
                float[] ids = new float[count * 6];
                for (int b = 0; b < count; b++) {
                    float[] one = {h, w, 0, 0, h, w};
                    System.arraycopy(one, 0, ids, b * 6, 6);
                }
                feeds.own("time_ids", Tensors.floats(graph.requireInput("time_ids"), ids, count, 6));
            }
        }
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

    private static void closeAll(OnnxTensor... tensors) {
        for (OnnxTensor t : tensors) {
            if (t != null) {
                t.close();
            }
        }
    }

    private static OnnxTensor timestep(TensorSignature signature, TimestepForm form, double t, int count) {
        long[] shape = form.shape(count);
        int length = shape.length == 0 ? 1 : (int) shape[0];
        if (form.integral()) {
            long[] values = new long[length];
            Arrays.fill(values, Math.round(t));
            return Tensors.numbers(signature, values, shape);
        }
        float[] values = new float[length];
        Arrays.fill(values, (float) t);
        return Tensors.floats(signature, values, shape);
    }

    /** A float scalar, [1] or [batch] tensor, as the input declares. */
    private static OnnxTensor scalarLike(TensorSignature signature, float value, int count) {
        long[] shape = signature.rank() == 0 ? new long[0]
                : new long[] {signature.fixed(0) ? signature.dim(0) : count};
        int length = shape.length == 0 ? 1 : (int) shape[0];
        float[] values = new float[length];
        Arrays.fill(values, value);
        return Tensors.floats(signature, values, shape);
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


    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }
}
