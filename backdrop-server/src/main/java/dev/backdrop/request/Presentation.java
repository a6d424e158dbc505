package dev.backdrop.request;

import dev.backdrop.compose.AspectPreset;
import dev.backdrop.compose.CompositionOptions;
import dev.backdrop.compose.Framing;
import dev.backdrop.compose.InvalidCompositionException;
import dev.backdrop.compose.Placement;
import dev.backdrop.compose.ShadowStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a result is laid out and finished — the fields the seed APIs do not cover, with one native
 * rule for the native API, jobs and the CLI: canvas ({@code aspect} or {@code size}), placement,
 * shadows, product preservation and layers.
 *
 * @param aspect    1:1, 4:5, 16:9 or marketplace; null keeps the photo's shape (or {@code size})
 * @param width     with {@code height}, an exact canvas size; 0 when none is asked for
 * @param placement {@code keep} or {@code center}
 * @param fill      with {@code center}: the product's larger side as a share of the canvas's shorter side
 * @param padding   with {@code center}: the least margin, a share of the canvas
 * @param shadow    none, soft or hard
 */
public record Presentation(String aspect, int width, int height, String placement, double fill, double padding,
                           String shadow, double shadowStrength, boolean preserveProduct, boolean layers) {

    public static final Presentation DEFAULT = new Presentation(null, 0, 0, "keep", Placement.DEFAULT_FILL,
            Placement.DEFAULT_PADDING, "soft", ShadowStyle.DEFAULT_STRENGTH, true, false);

    static final Bounds FILL = Bounds.of(0.05, 1, Placement.DEFAULT_FILL);
    static final Bounds PADDING = Bounds.of(0, 0.45, Placement.DEFAULT_PADDING);
    static final Bounds SHADOW_STRENGTH = Bounds.of(0, 1, ShadowStyle.DEFAULT_STRENGTH);

    // Up to 9 digits a side, so a number too large is read and refused for its size, not its form.
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})[xX](\\d{1,9})");

    public static Presentation read(RequestFields fields) {
        String aspect = fields.text("aspect");
        if (aspect != null) {
            aspect = aspect.strip().toLowerCase(Locale.ROOT);
            if (aspect.equals("original")) {
                aspect = null;
            } else {
                try {
                    AspectPreset.parse(aspect);
                } catch (InvalidCompositionException e) {
                    throw new InvalidRequestException("aspect",
                            "aspect must be original, 1:1, 4:5, 16:9 or marketplace, not '" + aspect + "'");
                }
            }
        }
        int width = 0;
        int height = 0;
        String size = fields.text("size");
        if (size != null) {
            if (aspect != null) {
                throw new InvalidRequestException("size", "give size or aspect, not both");
            }
            Matcher m = SIZE.matcher(size.strip());
            if (!m.matches()) {
                throw new InvalidRequestException("size", "size must look like 1024x768, not '" + size + "'");
            }
            width = Integer.parseInt(m.group(1));
            height = Integer.parseInt(m.group(2));
            new Framing(Placement.keep(), width, height); // refuses what the compositor cannot make, naming "size"
        }
        String placement = placement(fields.text("placement"));
        Double fill = fields.number("fill");
        Double padding = fields.number("padding");
        if ((fill != null || padding != null) && !placement.equals("center")) {
            String field = fill != null ? "fill" : "padding";
            throw new InvalidRequestException(field, field + " applies to placement center; add placement center");
        }
        return new Presentation(aspect, width, height, placement, FILL.number("fill", fill),
                PADDING.number("padding", padding), shadow(fields),
                SHADOW_STRENGTH.number("shadow_strength", fields.number("shadow_strength")),
                orTrue(fields.flag("preserve_product")), Boolean.TRUE.equals(fields.flag("layers")));
    }

    /** {@code centre} is read as {@code center}: one spelling should not fail where the other works. */
    private static String placement(String text) {
        if (text == null) {
            return "keep";
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "keep" -> "keep";
            case "center", "centre" -> "center";
            default -> throw new InvalidRequestException("placement", "placement must be keep or center, not '"
                    + text + "'");
        };
    }

    /** A style's name, or true (soft) and false (none) as the jobs API first took it. */
    private static String shadow(RequestFields fields) {
        if (fields.isText("shadow")) {
            String text = fields.text("shadow");
            try {
                return ShadowStyle.Kind.parse("shadow", text).wireName();
            } catch (InvalidCompositionException e) {
                throw new InvalidRequestException("shadow", "shadow must be none, soft, hard, true or false, not '"
                        + text + "'");
            }
        }
        Boolean on = fields.flag("shadow");
        return on == null || on ? "soft" : "none";
    }

    private static boolean orTrue(Boolean value) {
        return value == null || value;
    }

    public CompositionOptions composition() {
        return CompositionOptions.DEFAULT
                .withShadow(new ShadowStyle(ShadowStyle.Kind.parse("shadow", shadow), shadowStrength))
                .withPreserveProduct(preserveProduct).withLayers(layers);
    }

    /** The canvas for a photo of this size, or null to keep the photo's own size and layout. */
    public Framing framing(int photoWidth, int photoHeight) {
        Placement place = placement.equals("center") ? Placement.centered(fill, padding) : Placement.keep();
        if (width > 0) {
            return new Framing(place, width, height);
        }
        if (aspect != null) {
            return AspectPreset.parse(aspect).framing(photoWidth, photoHeight, place);
        }
        return place instanceof Placement.KeepPosition ? null : new Framing(place, photoWidth, photoHeight);
    }

    /** Whether the canvas is pure white whatever the prompt (the marketplace preset). */
    public boolean whiteBackground() {
        return aspect != null && AspectPreset.parse(aspect).whiteBackground();
    }
}
