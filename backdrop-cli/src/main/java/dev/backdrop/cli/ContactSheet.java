package dev.backdrop.cli;

import dev.backdrop.image.RgbImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out rows of tiles of one width with a caption under each row, on white: one row per
 * prompt, one column per photo, so a prompt's effect on different products reads across a row.
 * A row is as tall as its tallest tile.
 */
final class ContactSheet {

    /** One row: the tiles, left to right, and the text under them. */
    record Row(String caption, List<RgbImage> tiles) {
    }

    private static final int GAP = 8;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private final int tileWidth;

    ContactSheet(int tileWidth) {
        this.tileWidth = tileWidth;
    }

    private static int heightOf(Row row) {
        return row.tiles().stream().mapToInt(RgbImage::height).max().orElse(0);
    }

    RgbImage render(List<Row> rows) {
        int columns = rows.stream().mapToInt(r -> r.tiles().size()).max().orElse(1);
        int width = GAP + columns * (tileWidth + GAP);
        BufferedImage measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D probe = measure.createGraphics();
        FontMetrics metrics = probe.getFontMetrics(FONT);
        List<List<String>> captions = new ArrayList<>();
        int height = GAP;
        for (Row row : rows) {
            List<String> lines = wrap(row.caption(), metrics, width - 2 * GAP);
            captions.add(lines);
            height += heightOf(row) + 4 + lines.size() * metrics.getHeight() + GAP;
        }
        probe.dispose();

        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(FONT);
        g.setColor(new Color(0x20, 0x20, 0x20));
        int y = GAP;
        for (int r = 0; r < rows.size(); r++) {
            List<RgbImage> tiles = rows.get(r).tiles();
            for (int c = 0; c < tiles.size(); c++) {
                RgbImage tile = tiles.get(c);
                sheet.setRGB(GAP + c * (tileWidth + GAP), y, tile.width(), tile.height(), tile.pixels(), 0,
                        tile.width());
            }
            y += heightOf(rows.get(r)) + 4;
            for (String line : captions.get(r)) {
                g.drawString(line, GAP, y + metrics.getAscent());
                y += metrics.getHeight();
            }
            y += GAP;
        }
        g.dispose();
        int[] px = sheet.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xFFFFFF;
        }
        return new RgbImage(width, height, px);
    }

    /** Greedy word wrap to {@code maxWidth} pixels. */
    private static List<String> wrap(String text, FontMetrics metrics, int maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && metrics.stringWidth(candidate) > maxWidth) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Halves an image by averaging 2x2 blocks: renders made at twice the tile size, shown sharp. */
    static RgbImage halve(RgbImage image) {
        int w = image.width() / 2, h = image.height() / 2;
        int[] src = image.pixels(), out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 2 * y * image.width() + 2 * x;
                int a = src[i], b = src[i + 1], c = src[i + image.width()], d = src[i + image.width() + 1];
                int r = (((a >> 16) & 0xFF) + ((b >> 16) & 0xFF) + ((c >> 16) & 0xFF) + ((d >> 16) & 0xFF) + 2) / 4;
                int gr = (((a >> 8) & 0xFF) + ((b >> 8) & 0xFF) + ((c >> 8) & 0xFF) + ((d >> 8) & 0xFF) + 2) / 4;
                int bl = ((a & 0xFF) + (b & 0xFF) + (c & 0xFF) + (d & 0xFF) + 2) / 4;
                out[y * w + x] = (r << 16) | (gr << 8) | bl;
            }
        }
        return new RgbImage(w, h, out);
    }
}
