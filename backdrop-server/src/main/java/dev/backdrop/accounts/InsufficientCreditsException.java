package dev.backdrop.accounts;

import dev.backdrop.BackdropException;

/** The account's balance is below the cost of the request; nothing was charged. Suggested HTTP status: 406. */
public final class InsufficientCreditsException extends BackdropException {

    private final long balance;
    private final long cost;

    public InsufficientCreditsException(long balance, long cost) {
        super("Not enough credits: this request costs " + cost + " and the balance is " + balance
                + ". Ask the operator to add credits (backdrop keys credit).");
        this.balance = balance;
        this.cost = cost;
    }

    public long balance() {
        return balance;
    }

    public long cost() {
        return cost;
    }

    @Override
    public String code() {
        return "insufficient_credits";
    }
}
