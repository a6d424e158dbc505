package dev.backdrop.image;

/** An image's width and height in pixels, as its header declares them. */
public record ImageSize(int width, int height) {

    public long pixels() {
        return (long) width * height;
    }
}
