package dev.backdrop.scene;

/** Words that shift a named colour: "dark red", "pastel blue", "deep green", "light gray". */
public enum ColourModifier {
    DARK {
        @Override
        Hsl apply(Hsl c) {
            return c.withL(c.l() * 0.55f);
        }
    },
    LIGHT {
        @Override
        Hsl apply(Hsl c) {
            return c.withL(c.l() + (1f - c.l()) * 0.5f);
        }
    },
    PASTEL {
        @Override
        Hsl apply(Hsl c) {
            return c.withS(Math.min(c.s(), 0.6f) * 0.75f).withL(Math.max(c.l(), 0.82f));
        }
    },
    DEEP {
        @Override
        Hsl apply(Hsl c) {
            return c.withS(Math.min(1f, c.s() * 1.15f + 0.05f)).withL(c.l() * 0.7f);
        }
    };

    abstract Hsl apply(Hsl colour);

    int apply(int rgb) {
        return apply(Hsl.of(rgb)).rgb();
    }

    static ColourModifier byWord(String word) {
        return switch (word) {
            case "dark", "darker", "dim" -> DARK;
            case "light", "lighter", "pale", "soft" -> LIGHT;
            case "pastel", "muted" -> PASTEL;
            case "deep", "rich", "vivid", "bold" -> DEEP;
            default -> null;
        };
    }
}
