package dev.backdrop.compose;

import java.util.Locale;

/**
 * The shadows asked for: none, soft or hard, and how dark.
 *
 * @param kind     none, soft (the scene's own softness, never crisp) or hard (a small, point-like light)
 * @param strength 0..1; {@link #DEFAULT_STRENGTH} gives the darkness the scene's light calls for,
 *                 1 twice that (capped), 0 none
 */
public record ShadowStyle(Kind kind, double strength) {

    public static final double DEFAULT_STRENGTH = 0.5;
    public static final ShadowStyle NONE = new ShadowStyle(Kind.NONE, DEFAULT_STRENGTH);
    public static final ShadowStyle SOFT = new ShadowStyle(Kind.SOFT, DEFAULT_STRENGTH);
    public static final ShadowStyle HARD = new ShadowStyle(Kind.HARD, DEFAULT_STRENGTH);

    /** The closed set of shadow looks, each knowing how soft its light is. */
    public enum Kind {
        NONE, SOFT, HARD;

        /** The light's softness (0 point-like, 1 very large) this look uses, given the scene's own. */
        float softness(float scene) {
            return switch (this) {
                case NONE, SOFT -> Math.max(0.55f, scene);
                case HARD -> Math.min(0.12f, scene);
            };
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Reads {@code none}, {@code soft} or {@code hard}; {@code field} names the request field in the error. */
        public static Kind parse(String field, String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "none", "off", "false" -> NONE;
                case "soft", "true" -> SOFT;
                case "hard" -> HARD;
                default -> throw new InvalidCompositionException(field,
                        field + " must be none, soft or hard, not '" + text + "'");
            };
        }
    }

    public ShadowStyle {
        if (kind == null) {
            throw new InvalidCompositionException("shadow", "shadow must be none, soft or hard");
        }
        if (!(strength >= 0 && strength <= 1)) {
            throw new InvalidCompositionException("shadow_strength",
                    "shadow_strength must be between 0 and 1, got " + strength);
        }
    }

    /** The boolean switch of the jobs API and older callers: true is soft, false none. */
    public static ShadowStyle of(boolean on) {
        return on ? SOFT : NONE;
    }

    public boolean drawn() {
        return kind != Kind.NONE && strength > 0;
    }

    /** How much darker than the scene's own shadows: 1 at the default strength. */
    float darkness() {
        return (float) (strength / DEFAULT_STRENGTH);
    }
}
