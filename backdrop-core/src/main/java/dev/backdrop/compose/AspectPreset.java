package dev.backdrop.compose;

import java.util.Locale;

/**
 * Output shapes shoppers and marketplaces ask for. Each knows its aspect ratio and how the
 * product is placed; {@link #MARKETPLACE} is a square with the product centred, filling 85% of
 * the frame's side (its box's larger side; a side cut off by the photo's border goes to the edge, see
 * {@link Framer}), on a pure white background whatever the prompt, at least
 * {@link #MARKETPLACE_MIN_SIDE} pixels on a side: its {@link #framing framing} says so, and the
 * pipeline honours it.
 */
public enum AspectPreset {
    SQUARE(1, 1, null),
    PORTRAIT_4_5(4, 5, null),
    LANDSCAPE_16_9(16, 9, null),
    MARKETPLACE(1, 1, new Placement.Centered(0.85, 0.075));

    /** Marketplaces zoom main images: the long side is at least this many pixels. */
    public static final int MARKETPLACE_MIN_SIDE = 1600;

    private final int ratioW;
    private final int ratioH;
    private final Placement placement;

    AspectPreset(int ratioW, int ratioH, Placement placement) {
        this.ratioW = ratioW;
        this.ratioH = ratioH;
        this.placement = placement;
    }

    /** Reads "1:1", "4:5", "16:9" or "marketplace". */
    public static AspectPreset parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "1:1", "square" -> SQUARE;
            case "4:5", "portrait" -> PORTRAIT_4_5;
            case "16:9", "landscape" -> LANDSCAPE_16_9;
            case "marketplace", "white" -> MARKETPLACE;
            default -> throw new InvalidCompositionException("aspect_ratio",
                    "unknown aspect ratio '" + text + "'; use 1:1, 4:5, 16:9 or marketplace");
        };
    }

    /** The placement this preset demands, or {@code requested} when it leaves the choice to the caller. */
    public Placement placement(Placement requested) {
        return placement != null ? placement : requested;
    }

    public boolean whiteBackground() {
        return this == MARKETPLACE;
    }

    /**
     * The canvas for this shape with the same pixel count as the photo (rounded to even sizes),
     * asking for a white background when this preset demands one; the marketplace square is at
     * least {@link #MARKETPLACE_MIN_SIDE} on a side.
     */
    public Framing framing(int photoWidth, int photoHeight, Placement requested) {
        double area = (double) photoWidth * photoHeight;
        if (this == MARKETPLACE) {
            area = Math.max(area, (double) MARKETPLACE_MIN_SIDE * MARKETPLACE_MIN_SIDE);
        }
        int h = (int) Math.round(Math.sqrt(area * ratioH / ratioW));
        int w = (int) Math.round((double) h * ratioW / ratioH);
        return new Framing(placement(requested), Math.max(2, w & ~1), Math.max(2, h & ~1), whiteBackground());
    }
}
