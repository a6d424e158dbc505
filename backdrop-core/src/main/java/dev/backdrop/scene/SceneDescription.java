package dev.backdrop.scene;

import java.util.List;

/**
 * How a prompt was read: the surface, the backdrop, colours, lighting and style, and what the
 * negative prompt ruled out. It is returned to users so they can see how their words were
 * understood, hence plain fields and a one-line summary.
 *
 * @param surface        what the product stands on
 * @param backdrop       what is behind it
 * @param backdropColour the colour asked for the backdrop, or null for the backdrop's usual one
 * @param surfaceColour  the colour asked for the surface, or null for the material's own
 * @param lighting       lighting words, in prompt order
 * @param styles         style words, in prompt order
 * @param avoidedColours colours the negative prompt names; the scene keeps away from their hues
 * @param avoided        everything the negative prompt removed or avoids, as readable labels
 * @param props          things drawn beside surface and backdrop (rocks, leaves)
 * @param drawn          the prompt's words and phrases that shaped the picture, in prompt order
 * @param notUnderstood  the prompt's words the reader does not know (grammar words left out)
 * @param summary        one readable line
 */
public record SceneDescription(Material surface, Backdrop backdrop, SceneColour backdropColour,
                               SceneColour surfaceColour, List<Lighting> lighting, List<Style> styles,
                               List<SceneColour> avoidedColours, List<String> avoided, List<Prop> props,
                               List<String> drawn, List<String> notUnderstood, String summary) {

    public SceneDescription {
        lighting = List.copyOf(lighting);
        styles = List.copyOf(styles);
        avoidedColours = List.copyOf(avoidedColours);
        avoided = List.copyOf(avoided);
        props = List.copyOf(props);
        drawn = List.copyOf(drawn);
        notUnderstood = List.copyOf(notUnderstood);
    }

    public boolean has(Prop p) {
        return props.contains(p);
    }

    static SceneDescription of(Material surface, Backdrop backdrop, SceneColour backdropColour,
                               SceneColour surfaceColour, List<Lighting> lighting, List<Style> styles,
                               List<SceneColour> avoidedColours, List<String> avoided, List<Prop> props,
                               List<String> drawn, List<String> notUnderstood) {
        StringBuilder s = new StringBuilder();
        if (surfaceColour != null) {
            s.append(surfaceColour.name()).append(' ');
        }
        s.append(surface.label()).append(" surface, ");
        if (backdropColour != null) {
            s.append(backdropColour.name()).append(' ');
        }
        s.append(backdrop.label()).append(" backdrop");
        if (!props.isEmpty()) {
            s.append(" with ").append(String.join(" and ", props.stream().map(Prop::label).toList()));
        }
        if (!lighting.isEmpty()) {
            s.append(", ").append(String.join(" ", lighting.stream().map(Lighting::label).toList()))
                    .append(" light");
        }
        if (!styles.isEmpty()) {
            s.append(", ").append(String.join(", ", styles.stream().map(Style::label).toList())).append(" style");
        }
        if (!avoided.isEmpty()) {
            s.append("; avoiding ").append(String.join(", ", avoided));
        }
        return new SceneDescription(surface, backdrop, backdropColour, surfaceColour, lighting, styles,
                avoidedColours, avoided, props, drawn, notUnderstood, s.toString());
    }

    /** A plain studio set-up asked for in white: rendered high key and exposed to white. */
    public boolean isWhiteStudio() {
        if (backdrop != Backdrop.STUDIO_SWEEP || backdropColour == null) {
            return false;
        }
        Hsl c = Hsl.of(backdropColour.rgb());
        return c.l() >= 0.9f && (c.s() < 0.25f || c.l() >= 0.97f);
    }

    public boolean has(Lighting l) {
        return lighting.contains(l);
    }

    public boolean has(Style s) {
        return styles.contains(s);
    }
}
