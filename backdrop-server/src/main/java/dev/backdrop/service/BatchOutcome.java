package dev.backdrop.service;

import dev.backdrop.BackdropException;
import java.util.List;

/**
 * What a generate-image batch made: one item per image, in order, each with its result URLs or
 * the error that stopped it; and the largest enlargement of a product among the results made
 * (worth a warning in the response's headers), or 0.
 */
public record BatchOutcome(List<Item> items, double upscaled) {

    /** One image's outcome: URLs, or the failure (already refunded). */
    public record Item(List<String> urls, BackdropException error) {

        public static Item made(List<String> urls) {
            return new Item(urls, null);
        }

        public static Item failed(RuntimeException e) {
            return new Item(List.of(), e instanceof BackdropException known ? known : new InternalFailure(e));
        }
    }

    public boolean allFailed() {
        return items.stream().allMatch(i -> i.error() != null);
    }
}
