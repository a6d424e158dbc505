package dev.backdrop.background;

import dev.backdrop.image.RgbImage;

import java.util.Arrays;

/** One flat colour, e.g. the pure white marketplaces require. */
public record SolidBackground(int colour) implements BackgroundGenerator {

    public static final SolidBackground WHITE = new SolidBackground(0xFFFFFF);

    @Override
    public RgbImage generate(BackgroundRequest request) {
        int[] px = new int[request.width() * request.height()];
        Arrays.fill(px, colour & 0xFFFFFF);
        return new RgbImage(request.width(), request.height(), px);
    }
}
