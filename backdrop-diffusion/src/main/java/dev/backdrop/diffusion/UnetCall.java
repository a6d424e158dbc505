package dev.backdrop.diffusion;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.backdrop.diffusion.model.ControlNetWiring;
import dev.backdrop.diffusion.model.DiffusionModelFolder;
import dev.backdrop.diffusion.model.OnnxModel;
import dev.backdrop.diffusion.model.TensorSignature;
import dev.backdrop.diffusion.model.Tensors;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The UNet call of one batch range, set up once per request: the constant inputs (text,
 * sizes, edge map, reference) are made once; for a float32 UNet the sample tensor lies over
 * a direct buffer whose mask and masked-image planes are written once and whose latent planes
 * are rewritten in place every step, and the output is written by ONNX Runtime straight into
 * a buffer of ours. Half-precision UNets get their sample and output converted every step.
 */
final class UnetCall implements AutoCloseable {

    final DiffusionModelFolder model;
    final DiffusionRun run;
    final int samples, lw, lh, latentSize;
    final int from, to, count;
    final Feeds constants;
    final int channels, plane;
    final OnnxModel unet;
    final TensorSignature sampleInput;
    final String outputName;
    final FloatBuffer sample;       // float32 UNets: the sample, in place
    final OnnxTensor sampleTensor;
    final float[] stagedSample;     // half-precision UNets: the sample before conversion
    final FloatBuffer out;          // float32 outputs: written by the UNet
    final OnnxTensor outTensor;

    UnetCall(DenoisingLoop loop, int from, int to, Feeds constants, float[] mask, float[] maskedLatent) {
        this.model = loop.model;
        this.run = loop.run;
        this.samples = loop.samples;
        this.lw = loop.lw;
        this.lh = loop.lh;
        this.latentSize = loop.latentSize;
        this.unet = model.unet();
        this.sampleInput = unet.requireInput("sample");
        this.outputName = unet.outputs().keySet().iterator().next();
        boolean inPlaceTensors = loop.inPlaceTensors;
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
            feeds.own("timestep", Tensors.timestep(unet.requireInput("timestep"), model.timestepForm(), timestep, count));
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



    /** Runs the separate ControlNet and hands its residuals to the UNet's feeds; the caller closes the result. */
    private OrtSession.Result runControlNet(float[] sample, double timestep, int count, Feeds constant,
                                            Feeds unetFeeds) {
        ControlNetWiring.Split split = (ControlNetWiring.Split) model.controlNet();
        OnnxModel controlNet = split.model();
        OrtSession.Result result;
        try (Feeds feeds = new Feeds()) {
            feeds.own("sample", Tensors.floats(controlNet.requireInput("sample"), sample, count,
                    model.latentChannels(), lh, lw));
            feeds.own("timestep", Tensors.timestep(controlNet.requireInput("timestep"), split.timestepForm(),
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

    private static void closeAll(OnnxTensor... tensors) {
        for (OnnxTensor t : tensors) {
            if (t != null) {
                t.close();
            }
        }
    }
}
