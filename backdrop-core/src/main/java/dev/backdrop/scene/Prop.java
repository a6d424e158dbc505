package dev.backdrop.scene;

/**
 * Things drawn in the scene beside the surface and backdrop when the prompt names them, so that
 * "on a rock in the jungle" shows a rock and leaves, not only their colours.
 */
public enum Prop {
    /** A large rock the product stands on (at eye level), with smaller stones around; pebbles seen from above. */
    ROCKS("rocks"),
    /** Sprigs of leaves reaching into the frame from its edges, in focus at the front. */
    LEAVES("leaves");

    private final String label;

    Prop(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
