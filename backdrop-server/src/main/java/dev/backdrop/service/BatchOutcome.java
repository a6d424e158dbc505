package dev.backdrop.service;

import dev.backdrop.BackdropException;
import dev.backdrop.pipeline.ReplaceResult;
import java.util.List;

/**
 * What a generate-image batch made: one item per image, in order, each with its result URLs or
 * the error that stopped it; and every result made, for the response's headers.
 */
public record BatchOutcome(List<Item> items, List<ReplaceResult> made) {

    /** One image's outcome: URLs, or the failure (already refunded). */
    public record Item(List<String> urls, BackdropException error) {

        static Item made(List<String> urls) {
            return new Item(urls, null);
        }

        static Item failed(RuntimeException e) {
            return new Item(List.of(), e instanceof BackdropException known ? known : new InternalFailure(e));
        }
    }

    public boolean allFailed() {
        return items.stream().allMatch(i -> i.error() != null);
    }
}
