package dev.backdrop.api;

import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.LedgerEntry;
import io.javalin.http.Context;

/**
 * Who is calling and what it costs: keys from {@code x-api-key} (or {@code Authorization: Bearer}),
 * credits debited before work and given back on failure, the balance echoed on every
 * authenticated response. With authentication off nobody is charged.
 */
public final class Billing {

    public static final String REMAINING = "x-remaining-credits";

    private final ApiKeys keys;
    private final CreditLedger ledger;
    private final boolean authRequired;

    public Billing(ApiKeys keys, CreditLedger ledger, boolean authRequired) {
        this.keys = keys;
        this.ledger = ledger;
        this.authRequired = authRequired;
    }

    /** The caller, or null when authentication is off. Sets the balance header. */
    public Caller caller(Context ctx) {
        if (!authRequired) {
            return null;
        }
        String key = ctx.header("x-api-key");
        String authorization = ctx.header("Authorization");
        if ((key == null || key.isBlank()) && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).strip();
        }
        Caller caller = keys.authenticate(key);
        ctx.header(REMAINING, String.valueOf(caller.credits()));
        return caller;
    }

    /** Debits {@code cost} before work; the returned charge is what {@link #refund} gives back. */
    public Charge charge(Context ctx, Caller caller, long cost, String reference) {
        if (caller == null || cost == 0) {
            return Charge.NONE;
        }
        LedgerEntry entry = ledger.charge(caller.accountId(), cost, reference);
        ctx.header(REMAINING, String.valueOf(entry.balanceAfter()));
        return new Charge(entry.id(), caller.accountId(), cost);
    }

    /** Gives the whole charge back, for work that failed; giving it back twice has no effect. */
    public void refund(Context ctx, Charge charge, String reference) {
        if (charge.id() == 0) {
            return;
        }
        LedgerEntry entry = ledger.refund(charge.id(), reference);
        if (ctx != null) {
            ctx.header(REMAINING, String.valueOf(entry.balanceAfter()));
        }
    }

    public long balance(Caller caller) {
        return ledger.balance(caller.accountId());
    }

    /** A debit that may be refunded; id 0 means nothing was charged. */
    public record Charge(long id, long accountId, long cost) {
        public static final Charge NONE = new Charge(0, 0, 0);
    }
}
