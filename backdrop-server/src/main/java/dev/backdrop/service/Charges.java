package dev.backdrop.service;

import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.LedgerEntry;
import java.util.function.Supplier;

/**
 * Credits taken before work and given back when it fails, in one place for every use case: a
 * request is never run unpaid, and a failure never keeps the caller's credits.
 */
public final class Charges {

    private final CreditLedger ledger;

    public Charges(CreditLedger ledger) {
        this.ledger = ledger;
    }

    /** Charges {@code cost}, runs {@code work}, and refunds the whole charge if it fails. */
    public <T> T paid(Payer payer, long cost, String reference, Supplier<T> work) {
        Charge charge = charge(payer, cost, reference);
        try {
            return work.get();
        } catch (RuntimeException e) {
            refund(payer, charge, reference + " failed");
            throw e;
        }
    }

    /** Debits {@code cost} before work; the returned charge is what {@link #refund} gives back. */
    public Charge charge(Payer payer, long cost, String reference) {
        if (!payer.pays() || cost == 0) {
            return Charge.NONE;
        }
        LedgerEntry entry = ledger.charge(payer.caller().accountId(), cost, reference);
        payer.balance().accept(entry.balanceAfter());
        return new Charge(entry.id(), payer.caller().accountId(), cost);
    }

    /** Gives the whole charge back, for work that failed; giving it back twice has no effect. */
    public void refund(Payer payer, Charge charge, String reference) {
        if (charge.id() == 0) {
            return;
        }
        payer.balance().accept(ledger.refund(charge.id(), reference).balanceAfter());
    }

    /** A debit that may be refunded; id 0 means nothing was charged. */
    public record Charge(long id, long accountId, long cost) {
        public static final Charge NONE = new Charge(0, 0, 0);
    }
}
