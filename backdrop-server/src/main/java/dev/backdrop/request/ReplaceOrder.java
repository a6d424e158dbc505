package dev.backdrop.request;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.scheduler.UnknownSchedulerException;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.image.RgbImage;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.pipeline.ReplaceRequest;
import java.util.function.UnaryOperator;

/**
 * A checked request to put a product on new backgrounds: what {@code POST /v1/bg-replace}, a
 * replace job and {@code backdrop replace} all become, with every rule in {@link #read}.
 *
 * @param refImage   an image whose look the background should take, or null
 * @param prompt     the background wanted; {@code transparent} asks for the cut-out itself
 * @param seed       the first sample's seed; -1 picks one at random
 * @param scheduler  the diffusion scheduler's API name
 */
public record ReplaceOrder(ImageSource image, ImageSource refImage, String prompt, String negativePrompt,
                           int samples, long seed, String scheduler, int steps, double guidanceScale,
                           double strength, double cnWeight, double ipAdapterWeight, Presentation presentation,
                           OutputPolicy output) implements JobWork {

    /** Reads a replace request under {@code ranges}. */
    public static ReplaceOrder read(RequestFields fields, Ranges ranges) {
        // Present first, read last: a bad value in another field is named before undecodable image data.
        if (!fields.isPresent("image")) {
            throw new InvalidRequestException("image", "image is required: an image URL or base64 data");
        }
        String prompt = fields.text("prompt");
        if (prompt == null || prompt.isBlank()) {
            throw new InvalidRequestException("prompt", "prompt is required");
        }
        String negative = fields.text("negative_prompt");
        String schedulerName = fields.text("scheduler");
        SchedulerName scheduler;
        try {
            scheduler = schedulerName == null ? SchedulerName.DEFAULT : SchedulerName.parse(schedulerName);
        } catch (UnknownSchedulerException e) {
            throw new InvalidRequestException("scheduler", e.getMessage());
        }
        boolean transparent = ReplaceRequest.isTransparent(prompt);
        int samples = ranges.samples().smallInteger("samples", fields.integer("samples"));
        long seed = Ranges.SEED_VALUE.integer("seed", fields.integer("seed"));
        if (seed + samples - 1 > Pipeline.MAX_SEED) {
            // The samples take seed, seed + 1, ...: each must be a seed the API takes back.
            throw new InvalidRequestException("seed", "seed + samples - 1 must be at most " + Pipeline.MAX_SEED
                    + ", so that every sample's seed can be asked for again; got seed " + seed + " with " + samples
                    + " samples");
        }
        int steps = ranges.steps().smallInteger("num_inference_steps", fields.integer("num_inference_steps"));
        double guidance = ranges.guidance().number("guidance_scale", fields.number("guidance_scale"));
        double strength = Ranges.STRENGTH.number("strength", fields.number("strength"));
        double cnWeight = Ranges.CONTROLNET_WEIGHT.number("cn_weight", fields.number("cn_weight"));
        double refWeight = Ranges.REFERENCE_WEIGHT.number("ip_adapter_weight", fields.number("ip_adapter_weight"));
        Presentation presentation = Presentation.read(fields);
        OutputPolicy output = OutputPolicy.read(fields, transparent);
        ImageFormat format = output.formatFor(transparent);
        if (!format.holds(presentation.width(), presentation.height())) {
            throw new InvalidRequestException("size", format.name() + " holds at most " + format.maxSide()
                    + " pixels a side; ask for a smaller size, or png");
        }
        ImageSource image = fields.image("image");
        if (image == null) {
            throw new InvalidRequestException("image", "image is required: an image URL or base64 data");
        }
        return new ReplaceOrder(image, fields.image("ref_image"), prompt, negative == null ? "" : negative, samples,
                seed, scheduler.apiName(), steps, guidance, strength, cnWeight, refWeight, presentation, output);
    }

    @Override
    public String kind() {
        return "replace";
    }

    @JsonIgnore
    public boolean isTransparent() {
        return ReplaceRequest.isTransparent(prompt);
    }

    public BackgroundParameters parameters() {
        return new BackgroundParameters(strength, ipAdapterWeight, guidanceScale, steps, scheduler, cnWeight);
    }

    /** The pipeline's request for this order once its images are read. */
    public ReplaceRequest toPipeline(RgbImage photo, RgbImage reference) {
        return new ReplaceRequest(photo, prompt, negativePrompt, reference, samples, seed, parameters(),
                presentation.composition(), presentation.framing(photo.width(), photo.height()));
    }

    /** The same order with its images replaced (inline bytes stored for a job, files named by the CLI). */
    public ReplaceOrder withImages(UnaryOperator<ImageSource> change) {
        return new ReplaceOrder(change.apply(image), refImage == null ? null
                : change.apply(refImage), prompt, negativePrompt, samples, seed, scheduler, steps, guidanceScale,
                strength, cnWeight, ipAdapterWeight, presentation, output);
    }

    /** The same order with only this many samples (bg-replace answering one JPEG makes only that one). */
    public ReplaceOrder withSamples(int count) {
        return new ReplaceOrder(image, refImage, prompt, negativePrompt, count, seed, scheduler, steps, guidanceScale,
                strength, cnWeight, ipAdapterWeight, presentation, output);
    }
}
