package dev.backdrop.compose;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.image.RgbImage;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.testing.Bottle;
import dev.backdrop.testing.Photos;

import java.util.ArrayList;
import java.util.List;

/** Composes sample results to /tmp/scene-*.png for looking at. */
public final class CompositeSamples {

    public static void main(String[] args) {
        String[][] prompts = {
                {"wood", "a professional photo of an object on a table made of dark Wood, dark wood countertop, hd dark Wood wallpaper, award winning photography", "yellow wall"},
                {"marble", "white marble table, soft light, minimal, pastel pink background", ""},
                {"beach", "on the sand at the beach, golden hour", ""},
                {"studio", "studio, light gray, soft light", ""},
                {"concrete", "concrete floor, dramatic light, gray wall", ""},
                {"linen", "linen tablecloth, window light, rustic", ""},
                {"forest", "moss in a forest", ""},
                {"neon", "glass table, neon lights, city at night", ""},
                {"kitchen", "kitchen counter, oak", ""},
        };
        SceneGenerator generator = new SceneGenerator();
        Compositor compositor = new Compositor();
        Framer framer = new Framer();
        Subject bottle = Bottle.on(768, 768);
        RgbImage coffee = Photos.read("coffee.png");
        Subject cup = framer.frame(coffee, Photos.coffeeMask(), new Framing(new Placement.Centered(0.1), 768, 768));
        List<RgbImage> bottles = new ArrayList<>(), cups = new ArrayList<>();
        for (String[] p : prompts) {
            for (Subject s : List.of(bottle, cup)) {
                Scene scene = generator.build(BackgroundRequest.of(s, p[1], p[2], 7));
                Composite c = compositor.compose(s, scene.background(), scene.layout(), CompositionOptions.DEFAULT);
                (s == bottle ? bottles : cups).add(c.image());
                if (s == bottle) {
                    Photos.write(c.image(), "/tmp/scene-bottle-" + p[0] + ".png");
                }
                if (s == cup) {
                    Photos.write(c.image(), "/tmp/scene-" + p[0] + ".png");
                    System.out.println(p[0] + ": " + scene.description().summary() + " | " + c.fidelity());
                }
            }
        }
        // A reference background: the coffee photo's wooden table behind the bottle.
        var reference = new dev.backdrop.reference.ReferenceGenerator(generator);
        var request = new BackgroundRequest(bottle, 768, 768, "wood table", "", coffee,
                dev.backdrop.background.BackgroundParameters.DEFAULT.withIpAdapterWeight(0.85), 3);
        Scene refScene = reference.build(request);
        Photos.write(compositor.compose(bottle, refScene.background(), refScene.layout(), CompositionOptions.DEFAULT)
                .image(), "/tmp/scene-reference.png");
        dev.backdrop.scene.SceneSamples.sheetTo(bottles, "/tmp/scene-sheet-bottle.png");
        dev.backdrop.scene.SceneSamples.sheetTo(cups, "/tmp/scene-sheet-cup.png");
    }
}
