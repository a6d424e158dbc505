package dev.backdrop.diffusion.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a folder's ControlNet, if it has one, reaches the UNet. */
public sealed interface ControlNetWiring {

    /** No ControlNet; {@code why} says what is missing, for logs and readiness. */
    record Absent(String why) implements ControlNetWiring {
    }

    /** The UNet takes {@code controlnet_cond} (and perhaps {@code conditioning_scale}) itself. */
    record Fused() implements ControlNetWiring {
    }

    /**
     * A separate {@code controlnet/} graph whose residual outputs feed the UNet's residual inputs,
     * each list ordered by block.
     */
    record Split(OnnxModel model, TimestepForm timestepForm, List<String> downOutputs, String midOutput,
                 List<String> unetDownInputs, String unetMidInput) implements ControlNetWiring {
    }

    default boolean present() {
        return !(this instanceof Absent);
    }

    /** The wiring the folder's files declare; {@code load} loads and owns a graph by its folder name. */
    static ControlNetWiring of(Path dir, OnnxModel unet, Function<String, OnnxModel> load) {
        List<String> residualInputs = unet.inputs().keySet().stream()
                .filter(name -> name.contains("down_block") || name.contains("mid_block")).toList();
        boolean fused = unet.input("controlnet_cond").isPresent();
        boolean split = Files.isDirectory(dir.resolve("controlnet"));
        Checks.require(!(fused && split), "unet/model.onnx has a ControlNet fused in (controlnet_cond) and the folder"
                + " also has controlnet/; keep one");
        if (fused) {
            Checks.requireRank(unet, unet.requireInput("controlnet_cond"), 4);
            return new Fused();
        }
        if (!split) {
            Checks.require(residualInputs.isEmpty(), "unet/model.onnx takes ControlNet residuals " + residualInputs
                    + " but the folder has no controlnet/");
            return new Absent("no controlnet/ folder and the UNet takes no controlnet_cond");
        }
        OnnxModel controlNet = load.apply("controlnet");
        controlNet.requireInput("sample");
        controlNet.requireInput("encoder_hidden_states");
        Checks.requireRank(controlNet, controlNet.requireInput("controlnet_cond"), 4);
        TimestepForm form = TimestepForm.of(controlNet.requireInput("timestep")).orElseThrow(
                () -> new InvalidDiffusionModelException("controlnet/model.onnx timestep input has an unknown form"));
        List<String> downOutputs = numbered(controlNet.outputs().keySet().stream().filter(n -> n.contains("down")).toList());
        String midOutput = controlNet.outputs().keySet().stream().filter(n -> n.contains("mid")).findFirst()
                .orElseThrow(() -> new InvalidDiffusionModelException("controlnet/model.onnx has no mid-block output;"
                        + " its outputs are " + controlNet.outputs().values()));
        List<String> downInputs = numbered(residualInputs.stream().filter(n -> n.contains("down")).toList());
        String midInput = residualInputs.stream().filter(n -> n.contains("mid")).findFirst()
                .orElseThrow(() -> new InvalidDiffusionModelException("the folder has controlnet/ but unet/model.onnx"
                        + " takes no ControlNet residuals (down_block_*, mid_block_*)"));
        Checks.require(downInputs.size() == downOutputs.size(), "controlnet/model.onnx gives " + downOutputs.size()
                + " down-block residuals but unet/model.onnx takes " + downInputs.size());
        return new Split(controlNet, form, downOutputs, midOutput, downInputs, midInput);
    }

    /** Names ordered by their trailing number (down_block_res_sample_10 after _9). */
    private static List<String> numbered(List<String> names) {
        Pattern trailing = Pattern.compile("(\\d+)\\D*$");
        return names.stream().sorted(Comparator.comparingInt((String name) -> {
            Matcher m = trailing.matcher(name);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }).thenComparing(Comparator.naturalOrder())).toList();
    }
}
