package dev.backdrop.scene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PromptReaderTest {

    private final PromptReader reader = new PromptReader();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # prompt                                                        | surface    | backdrop     | backdrop colour | surface colour | lighting            | styles
            a professional photo of an object on a table made of dark Wood, dark wood countertop, hd dark Wood wallpaper, award winning photography | DARK_WOOD | WALL | - | - | - | PROFESSIONAL AWARD_WINNING
            white marble table, soft light, minimal, pastel pink background | MARBLE     | WALL         | pastel pink     | white          | SOFT                | MINIMAL
            bottle on light wood with a sage green wall                     | LIGHT_WOOD | WALL         | sage green      | -              | -                   | -
            walnut desk, golden hour, luxury                                | WALNUT     | WALL         | -               | -              | GOLDEN_HOUR         | LUXURY
            oak table in a cozy kitchen                                     | OAK        | KITCHEN      | -               | -              | WARM                | -
            on the sand at the beach at sunset                              | SAND       | BEACH        | -               | -              | SUNSET              | -
            concrete floor, dramatic lighting, deep blue backdrop           | CONCRETE   | WALL         | deep blue       | -              | DRAMATIC            | -
            linen cloth by the window, rustic                               | LINEN      | WINDOW_LIGHT | -               | -              | -                   | RUSTIC
            studio shot, light blue, top light                              | PAPER      | STUDIO_SWEEP | light blue      | -              | TOP                 | -
            velvet in a neon lit city street, cool tones                    | VELVET     | CITY         | -               | -              | NEON COOL           | -
            moss in a jungle                                                | GRASS      | FOREST       | -               | -              | -                   | -
            stainless steel counter, hard light                             | METAL      | WALL         | -               | -              | HARD                | -
            glass shelf in a bathroom                                       | GLASS      | BATHROOM     | -               | -              | -                   | -
            desert dunes                                                    | SAND       | DESERT       | -               | -              | -                   | -
            snowy mountains, water                                          | WATER      | SNOW         | -               | -              | -                   | -
            gradient background in dark red, slate                          | STONE      | GRADIENT     | dark red        | -              | -                   | -
            café table with paper                                           | PAPER      | CAFE         | -               | -              | -                   | -
            zorblax flimflam                                                | PAPER      | STUDIO_SWEEP | -               | -              | -                   | -
            """)
    void readsPrompts(String prompt, Material surface, Backdrop backdrop, String backdropColour, String surfaceColour,
                      String lighting, String styles) {
        SceneDescription d = reader.read(prompt, "");
        assertThat(d.surface()).as("surface").isEqualTo(surface);
        assertThat(d.backdrop()).as("backdrop").isEqualTo(backdrop);
        assertThat(d.backdropColour() == null ? null : d.backdropColour().name()).as("backdrop colour")
                .isEqualTo(backdropColour);
        assertThat(d.surfaceColour() == null ? null : d.surfaceColour().name()).as("surface colour")
                .isEqualTo(surfaceColour);
        assertThat(d.lighting()).as("lighting").containsExactlyElementsOf(words(lighting, Lighting.class));
        assertThat(d.styles()).as("styles").containsExactlyElementsOf(words(styles, Style.class));
    }

    @ParameterizedTest(name = "{0} minus {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # prompt                                  | negative      | what must be gone
            yellow wall, wood table                   | yellow wall   | backdropColour
            wood table, marble                        | wood          | surface-wood
            beach, sand                               | beach         | backdrop-beach
            soft light, dramatic, wood                | dramatic      | lighting-dramatic
            luxury marble table                       | luxury        | style-luxury
            """)
    void negativePromptRemovesWhatItNames(String prompt, String negative, String gone) {
        SceneDescription d = reader.read(prompt, negative);
        switch (gone) {
            case "backdropColour" -> assertThat(d.backdropColour()).isNull();
            case "surface-wood" -> assertThat(d.surface()).isEqualTo(Material.MARBLE);
            case "backdrop-beach" -> assertThat(d.backdrop()).isNotEqualTo(Backdrop.BEACH);
            case "lighting-dramatic" -> assertThat(d.lighting()).containsExactly(Lighting.SOFT);
            case "style-luxury" -> assertThat(d.styles()).isEmpty();
            default -> throw new IllegalArgumentException(gone);
        }
        assertThat(d.avoided()).isNotEmpty();
    }

    @Test
    void colouredBackdropInNegativeAvoidsTheColourNotTheBackdrop() {
        SceneDescription d = reader.read("dark wood table, wall", "yellow wall");
        assertThat(d.backdrop()).isEqualTo(Backdrop.WALL);
        assertThat(d.avoidedColours()).extracting(SceneColour::name).containsExactly("yellow");
        assertThat(d.summary()).contains("dark wood").contains("avoiding yellow");
    }

    @Test
    void modifiersShiftColours() {
        int plain = reader.read("red wall", "").backdropColour().rgb();
        int dark = reader.read("dark red wall", "").backdropColour().rgb();
        int pastel = reader.read("pastel red wall", "").backdropColour().rgb();
        assertThat(Hsl.of(dark).l()).isLessThan(Hsl.of(plain).l());
        assertThat(Hsl.of(pastel).l()).isGreaterThan(0.8f);
        assertThat(Hsl.of(pastel).s()).isLessThan(Hsl.of(plain).s());
    }

    @Test
    void summaryIsReadable() {
        SceneDescription d = reader.read("white marble table, soft light, pastel pink background", "");
        assertThat(d.summary()).isEqualTo("white marble surface, pastel pink wall backdrop, soft light");
    }

    @Test
    void descriptionSerialisesToPlainJson() throws Exception {
        SceneDescription d = reader.read("dark wood table, warm light", "yellow wall");
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(d);
        assertThat(json).contains("\"surface\":\"DARK_WOOD\"").contains("\"lighting\":[\"WARM\"]")
                .contains("\"avoidedColours\":[{\"name\":\"yellow\",\"hex\":\"#ffff00\"}]")
                .contains("\"summary\":\"dark wood surface");
    }

    private static <E extends Enum<E>> List<E> words(String text, Class<E> type) {
        if (text == null) return List.of();
        return Arrays.stream(text.trim().split("\\s+")).map(s -> Enum.valueOf(type, s)).toList();
    }

    @org.junit.jupiter.api.Test
    void saysWhichWordsWereDrawnAndWhichWereNotUnderstood() {
        SceneDescription d = new PromptReader().read("a professional photo of an object on a table made of dark Wood,"
                + " hd dark Wood wallpaper, award winning photography, shiny", "");
        org.assertj.core.api.Assertions.assertThat(d.drawn()).contains("professional", "table", "dark wood",
                "award winning");
        org.assertj.core.api.Assertions.assertThat(d.notUnderstood()).containsExactly("hd", "wallpaper", "photography",
                "shiny");
        SceneDescription outvoted = new PromptReader().read("marble or concrete, marble", "");
        org.assertj.core.api.Assertions.assertThat(outvoted.drawn()).contains("marble").doesNotContain("concrete");
        org.assertj.core.api.Assertions.assertThat(outvoted.notUnderstood()).containsExactly("or");
    }
}
