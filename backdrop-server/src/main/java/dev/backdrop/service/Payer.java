package dev.backdrop.service;

import dev.backdrop.accounts.Caller;
import java.util.function.LongConsumer;

/**
 * Who pays for a request, and who hears the balance after each charge or refund (the HTTP layer
 * echoes it in {@code x-remaining-credits}). With authentication off nobody pays.
 */
public record Payer(Caller caller, LongConsumer balance) {

    public static final Payer NOBODY = new Payer(null, b -> { });

    public boolean pays() {
        return caller != null;
    }
}
