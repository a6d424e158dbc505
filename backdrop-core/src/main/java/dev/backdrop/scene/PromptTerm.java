package dev.backdrop.scene;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a word or phrase of a prompt means to {@link PromptReader}: a material, a backdrop, a
 * light, a style, a prop, or the nouns "background" and "table" that a colour may describe. The
 * vocabulary maps every phrase the reader knows to its meaning.
 */
sealed interface PromptTerm permits PromptTerm.MaterialWord, PromptTerm.BackdropWord, PromptTerm.LightingWord,
        PromptTerm.StyleWord, PromptTerm.WallNoun, PromptTerm.SurfaceNoun, PromptTerm.PropWord {

    /** Every phrase the reader knows, lower case, with its meaning. */
    Map<String, PromptTerm> VOCABULARY = Vocabulary.build();

    /** A thing to draw, which may also say what the surface or backdrop is ("rock": a rock to stand on, of stone). */
    record PropWord(Prop prop, Material material, Backdrop backdrop) implements PromptTerm {
    }

    record MaterialWord(Material material) implements PromptTerm {
    }

    record BackdropWord(Backdrop backdrop) implements PromptTerm {
    }

    record LightingWord(Lighting lighting) implements PromptTerm {
    }

    record StyleWord(Style style) implements PromptTerm {
    }

    record WallNoun() implements PromptTerm {
    }

    record SurfaceNoun() implements PromptTerm {
    }

    /** Builds {@link #VOCABULARY}. */
    final class Vocabulary {

        private Vocabulary() {
        }

        private static Map<String, PromptTerm> build() {
            Map<String, PromptTerm> v = new HashMap<>();
            material(v, Material.WOOD, "wood", "wooden", "timber", "plank", "planks", "teak", "pine", "maple",
                    "bamboo", "driftwood");
            material(v, Material.DARK_WOOD, "dark wood", "mahogany", "ebony", "rosewood", "espresso wood");
            material(v, Material.LIGHT_WOOD, "light wood", "birch", "ash wood", "beech", "blond wood");
            material(v, Material.OAK, "oak", "oak wood", "oakwood");
            material(v, Material.WALNUT, "walnut", "walnut wood");
            material(v, Material.MARBLE, "marble", "carrara", "terrazzo", "quartz");
            material(v, Material.CONCRETE, "concrete", "cement", "plaster floor", "microcement");
            material(v, Material.STONE, "stone", "slate", "granite", "travertine", "limestone", "basalt");
            prop(v, Prop.ROCKS, Material.STONE, null, "rock", "rocks", "boulder", "boulders", "stones", "pebbles",
                    "pebble", "rocky");
            prop(v, Prop.LEAVES, null, null, "leaves", "leaf", "plants", "plant", "fern", "ferns", "monstera",
                    "palm leaves", "eucalyptus", "greenery", "twigs", "branches");
            prop(v, Prop.LEAVES, null, Backdrop.FOREST, "jungle", "foliage", "botanical", "rainforest");
            material(v, Material.TILES, "tiles", "tile", "tiled", "ceramic tiles", "ceramic tile", "mosaic");
            material(v, Material.LINEN, "linen", "cotton", "tablecloth", "table cloth", "burlap");
            material(v, Material.FABRIC, "fabric", "cloth", "textile", "silk", "satin", "wool", "knit", "canvas",
                    "denim", "felt");
            material(v, Material.VELVET, "velvet", "velour", "suede");
            material(v, Material.PAPER, "paper", "cardboard", "seamless paper");
            material(v, Material.SAND, "sand", "sandy");
            material(v, Material.WATER, "water", "pool", "puddle", "lake", "ripples");
            material(v, Material.GRASS, "grass", "lawn", "moss", "meadow", "turf");
            material(v, Material.METAL, "metal", "steel", "stainless steel", "aluminium", "aluminum", "chrome",
                    "brass", "copper", "iron", "metallic");
            material(v, Material.GLASS, "glass", "mirror", "acrylic", "plexiglass", "reflective surface");
            backdrop(v, Backdrop.STUDIO_SWEEP, "studio", "sweep", "seamless", "studio backdrop", "studio background",
                    "photo studio", "infinity cove", "cyclorama", "plain background");
            backdrop(v, Backdrop.WALL, "wall", "walls", "plaster", "plaster wall", "brick", "brick wall");
            backdrop(v, Backdrop.GRADIENT, "gradient", "gradient background", "ombre");
            backdrop(v, Backdrop.WINDOW_LIGHT, "window", "window light", "windowsill", "window sill", "sunlit",
                    "natural light", "daylight");
            backdrop(v, Backdrop.BEACH, "beach", "sea", "ocean", "seaside", "coast", "shore", "tropical");
            backdrop(v, Backdrop.FOREST, "forest", "woods", "trees", "garden", "nature");
            backdrop(v, Backdrop.DESERT, "desert", "dunes", "dune", "savanna");
            backdrop(v, Backdrop.SNOW, "snow", "snowy", "winter", "mountains", "mountain", "ice", "alpine");
            backdrop(v, Backdrop.CITY, "city", "street", "urban", "downtown", "skyline", "cityscape", "night city");
            backdrop(v, Backdrop.KITCHEN, "kitchen", "kitchen counter");
            backdrop(v, Backdrop.BATHROOM, "bathroom", "spa", "shower", "bath");
            backdrop(v, Backdrop.CAFE, "cafe", "coffee shop", "coffeeshop", "restaurant", "bistro", "bar");
            lighting(v, Lighting.SOFT, "soft", "soft light", "soft lighting", "diffused", "diffuse", "softbox",
                    "soft shadows", "gentle light");
            lighting(v, Lighting.HARD, "hard", "hard light", "harsh", "harsh light", "direct sunlight", "hard shadows",
                    "crisp shadows");
            lighting(v, Lighting.DRAMATIC, "dramatic", "dramatic lighting", "moody", "chiaroscuro", "low key",
                    "lowkey", "cinematic");
            lighting(v, Lighting.WARM, "warm", "warm light", "warm lighting", "cozy", "cosy");
            lighting(v, Lighting.COOL, "cool", "cool light", "cold", "cold light", "icy");
            lighting(v, Lighting.GOLDEN_HOUR, "golden hour", "golden light", "morning sun", "afternoon sun");
            lighting(v, Lighting.SUNSET, "sunset", "dusk", "sunrise", "twilight");
            lighting(v, Lighting.NEON, "neon", "neon light", "neon lights", "neon lighting", "cyberpunk", "rgb light");
            lighting(v, Lighting.TOP, "top light", "top lit", "toplight", "overhead", "overhead light", "spotlight",
                    "spot light", "top lighting");
            style(v, Style.MINIMAL, "minimal", "minimalist", "minimalistic", "clean", "simple", "scandinavian");
            style(v, Style.LUXURY, "luxury", "luxurious", "elegant", "premium", "high end", "upscale", "opulent");
            style(v, Style.RUSTIC, "rustic", "vintage", "farmhouse", "weathered", "old", "antique");
            style(v, Style.PROFESSIONAL, "professional", "commercial", "product photography", "product photo",
                    "catalog", "catalogue", "ecommerce", "e commerce");
            style(v, Style.AWARD_WINNING, "award winning", "awardwinning", "masterpiece", "award");
            for (String noun : List.of("background", "backdrop", "backgrounds", "walls background")) {
                v.put(noun, new WallNoun());
            }
            for (String noun : List.of("table", "tabletop", "table top", "countertop", "counter top", "counter",
                    "desk", "floor", "surface", "ground", "shelf", "podium", "pedestal", "platform", "plinth",
                    "tray", "board", "slab", "top")) {
                v.put(noun, new SurfaceNoun());
            }
            return Map.copyOf(v);
        }

        private static void material(Map<String, PromptTerm> v, Material m, String... words) {
            for (String w : words) v.put(w, new MaterialWord(m));
        }

        private static void prop(Map<String, PromptTerm> v, Prop p, Material m, Backdrop b, String... words) {
            for (String w : words) v.put(w, new PropWord(p, m, b));
        }

        private static void backdrop(Map<String, PromptTerm> v, Backdrop b, String... words) {
            for (String w : words) v.put(w, new BackdropWord(b));
        }

        private static void lighting(Map<String, PromptTerm> v, Lighting l, String... words) {
            for (String w : words) v.put(w, new LightingWord(l));
        }

        private static void style(Map<String, PromptTerm> v, Style s, String... words) {
            for (String w : words) v.put(w, new StyleWord(s));
        }
    }
}
