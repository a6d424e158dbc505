package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.BackgroundParameters;

import dev.backdrop.diffusion.convert.ConversionSources;
import dev.backdrop.diffusion.convert.PipelineConverter;
import dev.backdrop.diffusion.convert.ReferenceCase;
import dev.backdrop.diffusion.convert.TinyDiffusersFolders;
import dev.backdrop.diffusion.graph.Precision;
import dev.backdrop.diffusion.noise.NoiseSource;
import dev.backdrop.diffusion.noise.TorchCompatibleNoise;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.model.FetchProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole tiny SDXL ControlNet-inpaint + IP-Adapter pipeline against diffusers' {@code
 * StableDiffusionXLControlNetInpaintPipeline} (4 steps at strength 0.99, guidance 5, ControlNet
 * 0.5, IP-Adapter 0.6, a blank negative prompt made zeros), from the converted published-layout
 * folder: the project's torch-compatible noise gives the reference's recorded draws, and the final
 * latents and image agree.
 */
class ReferencePipelineTest {

    private static final int SEED = 1234;
    private static final int SIDE = 64;

    @TempDir
    static Path dir;
    private static final Map<Precision, DiffusionGenerator> generators = new EnumMap<>(Precision.class);

    @BeforeAll
    static void convert() {
        ConversionSources published = TinyDiffusersFolders.sdxl(dir.resolve("published"));
        for (Precision precision : Precision.values()) {
            Path folder = PipelineConverter.convert(published.withPrecision(precision),
                    dir.resolve("converted-" + precision.label()), FetchProgress.SILENT);
            generators.put(precision, DiffusionGenerator.open(folder, DiffusionOptions.DEFAULT));
        }
    }

    @AfterAll
    static void close() {
        generators.values().forEach(DiffusionGenerator::close);
    }

    /**
     * Float32 graphs agree within 1e-3; float16 ones (weights and activations rounded to 11
     * significant bits, run here through the CPU runtime's float16 support) within {@code tolerance}.
     */
    @ParameterizedTest
    @CsvSource({"euler_a, 6, EULER_A, FLOAT32, 1e-3", "dpm, 3, DPM_MULTI, FLOAT32, 1e-3",
            "euler_a, 6, EULER_A, FLOAT16, 5e-3", "dpm, 3, DPM_MULTI, FLOAT16, 5e-3"})
    void latentsAndImageEqualTheReference(String run, int draws, SchedulerName scheduler, Precision precision,
                                          double tolerance) {
        DiffusionGenerator generator = generators.get(precision);
        try (ReferenceCase ref = ReferenceCase.of("pipeline-sdxl")) {
            // The noise the Java pipeline draws on its own is the reference's, draw by draw.
            TorchCompatibleNoise torch = new TorchCompatibleNoise(SEED);
            List<float[]> recorded = new ArrayList<>();
            for (int i = 0; i < draws; i++) {
                float[] draw = ref.tensor(run + ".draw." + i).floats();
                recorded.add(draw);
                ref.assertMatches(run + ".draw." + i, torch.next(draw.length), 1e-6);
            }

            InpaintInputs inputs = inputs(ref);
            float[] embeds = ref.tensor("prompt_embeds").floats();
            TextConditioning cond = new TextConditioning(embeds, 77, embeds.length / 77, ref.tensor("pooled_prompt_embeds").floats());
            TextConditioning uncond = new TextConditioning(new float[embeds.length], 77, embeds.length / 77, new float[cond.pooled().length]);
            BackgroundParameters parameters = new BackgroundParameters(0.99, 0.6, 5.0, 4, null, 0.5);
            RecordedNoise noise = new RecordedNoise(recorded);
            float[] latents = generator.denoise(inputs, cond, uncond, parameters, 1,
                    new DiffusionRun(scheduler, 0.5, StepListener.NONE), noise);
            assertThat(noise.used).as("draws taken").isEqualTo(draws);
            ref.assertMatches(run + ".latents", latents, tolerance);

            float[] decoded = generator.decode(latents, SIDE / 8, SIDE / 8);
            float[] image = new float[decoded.length];
            for (int i = 0; i < image.length; i++) {
                image[i] = Math.max(0f, Math.min(1f, decoded[i] / 2 + 0.5f));
            }
            ref.assertMatches(run + ".image", image, tolerance);
        }
    }

    /** The reference's image, mask, control image and IP-Adapter pixels as the Java loop takes them. */
    private static InpaintInputs inputs(ReferenceCase ref) {
        float[] photo = ref.tensor("image").floats();
        float[] mask = ref.tensor("mask_image").floats();
        int n = SIDE * SIDE;
        float[] image = new float[3 * n];
        float[] masked = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                image[c * n + i] = photo[c * n + i] * 2 - 1;
                masked[c * n + i] = mask[i] < 0.5f ? image[c * n + i] : 0f;
            }
        }
        // The reference resizes the binarised mask to the latent grid by nearest neighbour.
        int side = SIDE / 8;
        float[] latentMask = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                latentMask[y * side + x] = mask[(y * 8) * SIDE + x * 8] >= 0.5f ? 1f : 0f;
            }
        }
        return new InpaintInputs(SIDE, SIDE, image, masked, latentMask, ref.tensor("control_image").floats(),
                ref.tensor("ip_adapter_image").floats());
    }

    /** The reference's recorded draws, handed out in order. */
    private static final class RecordedNoise implements NoiseSource {
        private final List<float[]> draws;
        int used;

        RecordedNoise(List<float[]> draws) {
            this.draws = draws;
        }

        @Override
        public void fill(float[] out) {
            float[] draw = draws.get(used++);
            assertThat(out.length).as("size of draw %d", used - 1).isEqualTo(draw.length);
            System.arraycopy(draw, 0, out, 0, out.length);
        }
    }
}
