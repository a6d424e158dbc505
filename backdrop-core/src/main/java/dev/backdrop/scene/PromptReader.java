package dev.backdrop.scene;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an English prompt and negative prompt into a {@link SceneDescription}. It is a word
 * spotter, not a grammar: it looks for material, backdrop, lighting, style and colour words, ties
 * a colour to the noun that follows it ("yellow wall", "white marble table") and lets the
 * negative prompt remove what it names. Words it doesn't know are skipped.
 */
public final class PromptReader {

    /** A phrase of the prompt and what it was read as: a {@link PromptTerm} or a {@link SceneColour}. */
    private record Word(String phrase, Object meaning) {
    }

    /** Grammar and filler words: neither understood nor worth reporting as not understood. */
    private static final Set<String> FILLER = Set.of("a", "an", "the", "on", "in", "of", "with", "and", "at", "to",
            "for", "by", "from", "into", "onto", "over", "under", "near", "next", "beside", "behind", "some", "its",
            "it", "is", "are", "as", "made", "photo", "photograph", "image", "picture", "object", "product", "placed",
            "standing", "lying", "sitting", "shot", "style", "very", "few", "no", "top");

    private static final Set<String> BASIC_HUES = Set.of("red", "green", "blue", "yellow", "orange", "purple",
            "pink", "brown", "gray", "grey", "white", "black");
    /** A colour waits at most this many words for the noun it describes. */
    private static final int COLOUR_REACH = 3;

    public SceneDescription read(String prompt, String negativePrompt) {
        Reading wanted = scan(prompt);
        Reading unwanted = scan(negativePrompt);
        List<String> avoided = new ArrayList<>();

        for (Material m : unwanted.materials.keySet()) {
            wanted.materials.keySet().removeIf(w -> w == m || (m == Material.WOOD && w.isWood()));
            avoided.add(m.label());
        }
        unwanted.backdrops.keySet().removeAll(unwanted.colouredBackdrops);
        for (Backdrop b : unwanted.backdrops.keySet()) {
            wanted.backdrops.remove(b);
            avoided.add(b.label());
        }
        for (Lighting l : unwanted.lighting) {
            wanted.lighting.remove(l);
            avoided.add(l.label() + " light");
        }
        for (Style s : unwanted.styles) {
            wanted.styles.remove(s);
            avoided.add(s.label());
        }
        for (Prop p : unwanted.props) {
            wanted.props.remove(p);
            avoided.add(p.label());
        }
        List<SceneColour> avoidedColours = new ArrayList<>(unwanted.allColours());
        for (SceneColour c : avoidedColours) {
            avoided.add(c.name());
        }

        Backdrop backdrop = pick(wanted.backdrops, unwanted.backdrops.keySet(),
                wanted.materials.isEmpty() ? List.of(Backdrop.STUDIO_SWEEP, Backdrop.WALL, Backdrop.GRADIENT)
                        : List.of(Backdrop.WALL, Backdrop.STUDIO_SWEEP, Backdrop.GRADIENT));
        List<Material> fallbackSurfaces = new ArrayList<>();
        fallbackSurfaces.add(backdrop == Backdrop.WALL ? Material.WOOD : backdrop.usualSurface());
        fallbackSurfaces.addAll(List.of(Material.PAPER, Material.CONCRETE, Material.LINEN, Material.MARBLE));
        Set<Material> ruledOut = new LinkedHashSet<>(unwanted.materials.keySet());
        if (ruledOut.contains(Material.WOOD)) {
            for (Material m : Material.values()) {
                if (m.isWood()) ruledOut.add(m);
            }
        }
        Material surface = pick(wanted.materials, ruledOut, fallbackSurfaces);

        SceneColour backdropColour = first(wanted.backdropColours, avoidedColours);
        if (backdropColour == null && !wanted.freeColours.isEmpty()) {
            backdropColour = first(wanted.freeColours, avoidedColours);
        }
        SceneColour surfaceColour = first(wanted.surfaceColours, avoidedColours);
        List<Prop> props = List.copyOf(wanted.props);
        List<String> drawn = new ArrayList<>();
        for (Word word : wanted.words) {
            if (shapes(word.meaning(), surface, backdrop, backdropColour, surfaceColour, wanted, props)
                    && !drawn.contains(word.phrase())) {
                drawn.add(word.phrase());
            }
        }
        return SceneDescription.of(surface, backdrop, backdropColour, surfaceColour,
                List.copyOf(wanted.lighting), List.copyOf(wanted.styles), avoidedColours, avoided, props, drawn,
                List.copyOf(new LinkedHashSet<>(wanted.unknown)));
    }

    /** Whether a word read as {@code meaning} is part of the picture drawn (not outvoted or ruled out). */
    private static boolean shapes(Object meaning, Material surface, Backdrop backdrop, SceneColour backdropColour,
                                  SceneColour surfaceColour, Reading wanted, List<Prop> props) {
        if (meaning instanceof SceneColour c) {
            return c.equals(backdropColour) || c.equals(surfaceColour);
        }
        if (meaning instanceof PromptTerm.MaterialWord m) {
            return m.material() == surface || (m.material().isWood() && surface.isWood());
        } else if (meaning instanceof PromptTerm.BackdropWord b) {
            return b.backdrop() == backdrop;
        } else if (meaning instanceof PromptTerm.PropWord p) {
            return props.contains(p.prop()) || p.material() == surface || p.backdrop() == backdrop;
        } else if (meaning instanceof PromptTerm.LightingWord l) {
            return wanted.lighting.contains(l.lighting());
        } else if (meaning instanceof PromptTerm.StyleWord st) {
            return wanted.styles.contains(st.style());
        }
        return true; // "table", "background": where a colour goes
    }

    /** The most named choice not ruled out; ties go to the one named first. */
    private static <T> T pick(Map<T, Integer> votes, Set<T> ruledOut, List<T> fallback) {
        T best = null;
        int most = 0;
        for (Map.Entry<T, Integer> e : votes.entrySet()) {
            if (e.getValue() > most && !ruledOut.contains(e.getKey())) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        if (best != null) {
            return best;
        }
        for (T t : fallback) {
            if (!ruledOut.contains(t)) {
                return t;
            }
        }
        return fallback.get(fallback.size() - 1);
    }

    private static SceneColour first(List<SceneColour> colours, List<SceneColour> avoided) {
        for (SceneColour c : colours) {
            if (avoided.stream().noneMatch(a -> Palette.clashes(c.rgb(), a))) {
                return c;
            }
        }
        return null;
    }

    private static final class Reading {
        final Map<Material, Integer> materials = new LinkedHashMap<>();
        final Map<Backdrop, Integer> backdrops = new LinkedHashMap<>();
        /** Backdrops named with a colour ("yellow wall"): a negative prompt then avoids the colour, not the place. */
        final Set<Backdrop> colouredBackdrops = new LinkedHashSet<>();
        final Set<Lighting> lighting = new LinkedHashSet<>();
        final Set<Style> styles = new LinkedHashSet<>();
        final List<SceneColour> backdropColours = new ArrayList<>();
        final List<SceneColour> surfaceColours = new ArrayList<>();
        final List<SceneColour> freeColours = new ArrayList<>();
        final Set<Prop> props = new LinkedHashSet<>();
        final List<Word> words = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();

        List<SceneColour> allColours() {
            List<SceneColour> all = new ArrayList<>(backdropColours);
            all.addAll(surfaceColours);
            all.addAll(freeColours);
            return all;
        }
    }

    private static Reading scan(String text) {
        Reading r = new Reading();
        if (text == null || text.isBlank()) {
            return r;
        }
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase();
        for (String clause : plain.split("[,.;:!?()\\n]+")) {
            String[] words = clause.trim().split("[^a-z]+");
            scanClause(stripEmpty(words), r);
        }
        return r;
    }

    private static void scanClause(String[] w, Reading r) {
        List<SceneColour> pending = new ArrayList<>();
        int pendingAge = 0;
        ColourModifier modifier = null;
        String modifierWord = "";
        int i = 0;
        while (i < w.length) {
            if (pendingAge > COLOUR_REACH) {
                r.freeColours.addAll(pending);
                pending.clear();
            }
            pendingAge++;
            ColourModifier mod = ColourModifier.byWord(w[i]);
            Match named = colourAt(w, i);
            if (mod != null && named != null && named.length > 1) {
                mod = null; // "light blue" is the CSS colour lightblue, not a lightened blue
            }
            if (mod != null && i + 1 < w.length && (colourAt(w, i + 1) != null || materialAt(w, i + 1) != null)) {
                modifier = mod;
                modifierWord = w[i];
                i++;
                continue;
            }
            Match colour = colourAt(w, i);
            if (colour != null) {
                int rgb = colour.rgb;
                String name = colour.name;
                if (modifier != null) {
                    rgb = modifier.apply(rgb);
                    name = modifierName(modifier) + " " + name;
                }
                i += colour.length;
                // "sage green", "navy blue": the basic hue word only repeats what the first word says.
                if (i < w.length && BASIC_HUES.contains(w[i]) && !BASIC_HUES.contains(colour.name)) {
                    name = name + " " + w[i];
                    i++;
                }
                SceneColour read = SceneColour.of(name, rgb);
                pending.add(read);
                r.words.add(new Word(name, read));
                pendingAge = 0;
                modifier = null;
                continue;
            }
            Match term = termAt(w, i);
            if (term != null) {
                PromptTerm t = term.term;
                String phrase = String.join(" ", java.util.Arrays.copyOfRange(w, i, i + term.length));
                r.words.add(new Word(modifier != null ? modifierWord + " " + phrase : phrase, t));
                if (t instanceof PromptTerm.PropWord p) {
                    r.props.add(p.prop());
                    if (p.material() != null) {
                        r.materials.merge(p.material(), 1, Integer::sum);
                        r.surfaceColours.addAll(pending);
                        pending.clear();
                    }
                    if (p.backdrop() != null) {
                        r.backdrops.merge(p.backdrop(), 1, Integer::sum);
                        r.backdropColours.addAll(pending);
                        pending.clear();
                    }
                } else if (t instanceof PromptTerm.MaterialWord m) {
                    Material material = m.material().toned(modifier);
                    r.materials.merge(material, 1, Integer::sum);
                    if (modifier != null && !material.isWood()) {
                        pending.add(SceneColour.of(modifierName(modifier) + " " + material.label(),
                                modifier.apply(material.lightTone())));
                    }
                    r.surfaceColours.addAll(pending);
                    pending.clear();
                } else if (t instanceof PromptTerm.SurfaceNoun) {
                    r.surfaceColours.addAll(pending);
                    pending.clear();
                } else if (t instanceof PromptTerm.WallNoun) {
                    r.backdropColours.addAll(pending);
                    pending.clear();
                } else if (t instanceof PromptTerm.BackdropWord b) {
                    r.backdrops.merge(b.backdrop(), 1, Integer::sum);
                    if (!pending.isEmpty()) {
                        r.colouredBackdrops.add(b.backdrop());
                    }
                    r.backdropColours.addAll(pending);
                    pending.clear();
                } else if (t instanceof PromptTerm.LightingWord l) {
                    r.lighting.add(l.lighting());
                } else if (t instanceof PromptTerm.StyleWord st) {
                    r.styles.add(st.style());
                }
                modifier = null;
                i += term.length;
                continue;
            }
            if (mod == null && !FILLER.contains(w[i])) {
                r.unknown.add(w[i]);
            }
            modifier = null;
            i++;
        }
        r.freeColours.addAll(pending);
    }

    private static String modifierName(ColourModifier m) {
        return m.name().toLowerCase();
    }

    private record Match(int length, PromptTerm term, String name, int rgb) {
    }

    private static Match termAt(String[] w, int i) {
        for (int n = Math.min(3, w.length - i); n >= 1; n--) {
            PromptTerm t = PromptTerm.VOCABULARY.get(String.join(" ", java.util.Arrays.copyOfRange(w, i, i + n)));
            if (t != null) {
                return new Match(n, t, null, 0);
            }
        }
        return null;
    }

    private static Match materialAt(String[] w, int i) {
        Match m = termAt(w, i);
        return m != null && m.term instanceof PromptTerm.MaterialWord ? m : null;
    }

    /** A colour name at {@code i}, trying "sky blue" as "skyblue" before single words. */
    private static Match colourAt(String[] w, int i) {
        for (int n = Math.min(3, w.length - i); n >= 1; n--) {
            String joined = String.join("", java.util.Arrays.copyOfRange(w, i, i + n));
            int rgb = ColourNames.lookup(joined);
            if (rgb >= 0) {
                return new Match(n, null, String.join(" ", java.util.Arrays.copyOfRange(w, i, i + n)), rgb);
            }
        }
        return null;
    }

    private static String[] stripEmpty(String[] words) {
        return java.util.Arrays.stream(words).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
