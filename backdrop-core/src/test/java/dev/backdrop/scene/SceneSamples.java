package dev.backdrop.scene;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.image.RgbImage;
import dev.backdrop.testing.Bottle;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

/** Renders sample backgrounds to /tmp for looking at: {@code java ... SceneSamples [size]}. */
public final class SceneSamples {

    public static void main(String[] args) throws IOException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 768;
        Subject subject = Bottle.on(size, size);
        String[][] prompts = {
                {"wood", "a professional photo of an object on a table made of dark Wood, dark wood countertop, hd dark Wood wallpaper, award winning photography", "yellow wall"},
                {"marble", "white marble table, soft light, minimal, pastel pink background", ""},
                {"beach", "on the sand at the beach, golden hour", ""},
                {"studio", "studio sweep, light blue", ""},
                {"concrete", "concrete floor, dramatic light, gray wall", ""},
                {"linen", "linen tablecloth, window light, rustic", ""},
                {"forest", "moss in a forest", ""},
                {"neon", "glass table, neon lights, city at night", ""},
                {"kitchen", "kitchen counter, oak", ""},
        };
        SceneGenerator generator = new SceneGenerator();
        java.util.List<RgbImage> all = new java.util.ArrayList<>();
        for (String[] p : prompts) {
            RgbImage img = generator.generate(BackgroundRequest.of(subject, p[1], p[2], 42));
            write(img, "/tmp/scene-bg-" + p[0] + ".png");
            all.add(img);
        }
        sheet(all, "/tmp/scene-sheet.png");
    }

    public static void sheetTo(java.util.List<RgbImage> images, String path) {
        try {
            sheet(images, path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void sheet(java.util.List<RgbImage> images, String path) throws IOException {
        int cell = 360, cols = 3, rows = (images.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cell * cols, cell * rows, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int i = 0; i < images.size(); i++) {
            RgbImage img = images.get(i);
            BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
            bi.setRGB(0, 0, img.width(), img.height(), img.pixels(), 0, img.width());
            g.drawImage(bi, (i % cols) * cell, (i / cols) * cell, cell, cell, null);
        }
        g.dispose();
        ImageIO.write(out, "png", new File(path));
    }

    static void write(RgbImage img, String path) throws IOException {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        bi.setRGB(0, 0, img.width(), img.height(), img.pixels(), 0, img.width());
        ImageIO.write(bi, "png", new File(path));
    }
}
