package dev.backdrop.pipeline;

import dev.backdrop.compose.Placement;
import dev.backdrop.scene.Prop;
import dev.backdrop.scene.SceneDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The structured {@code reading} object of a result, as the jobs API and the CLI's JSON write it:
 * how the prompt was read (what was drawn, which words were not understood) and how the result was
 * staged (camera angle, shadows, framing). Plain maps and lists, for any JSON writer.
 */
public final class ReadingFields {

    private ReadingFields() {
    }

    /** The reading of {@code result}, or null for a cut-out. */
    public static Map<String, Object> of(ReplaceResult result) {
        SceneDescription d = result.reading();
        if (d == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("summary", d.summary());
        out.put("surface", d.surface().label());
        out.put("backdrop", d.backdrop().label());
        out.put("props", d.props().stream().map(Prop::label).toList());
        out.put("words_drawn", d.drawn());
        out.put("words_not_understood", d.notUnderstood());
        out.put("avoided", d.avoided());
        Staging s = result.staging();
        if (s != null) {
            Map<String, Object> camera = new LinkedHashMap<>();
            camera.put("angle", s.camera().angle().wireName());
            camera.put("elevation_degrees", s.camera().measured() ? Math.round(s.camera().elevation() * 10) / 10.0 : null);
            camera.put("horizon", s.camera().angle().showsHorizon());
            out.put("camera", camera);
            Map<String, Object> shadow = new LinkedHashMap<>();
            shadow.put("style", s.shadow().kind().wireName());
            shadow.put("strength", s.shadow().strength());
            out.put("shadow", shadow);
            Map<String, Object> framing = new LinkedHashMap<>();
            framing.put("placement", s.placementName());
            if (s.framing().placement() instanceof Placement.Centered c) {
                framing.put("fill", c.fill());
                framing.put("padding", c.padding());
            }
            framing.put("width", s.framing().width());
            framing.put("height", s.framing().height());
            framing.put("white_background", s.framing().whiteBackground());
            framing.put("scale", Math.round(s.scale() * 1000) / 1000.0);
            framing.put("upscaled_over_2x", s.upscaledTooMuch());
            out.put("framing", framing);
        }
        return out;
    }
}
